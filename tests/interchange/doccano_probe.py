"""Run inside a virtual environment with doccano installed: import a JSONL file with doccano's
own import pipeline into a fresh doccano database and print what doccano stored, as JSON.

Usage: python doccano_probe.py DOCCANO_HOME FILE:labels|relations [FILE:FORM ...]
Each file goes into its own sequence-labelling project (with relations for ``relations``).
(Not a test module: tests/interchange/test_ix_doccano_importer.py runs it.)
"""

import json
import os
import sys


def main() -> None:
    home, jobs = sys.argv[1], [arg.rsplit(":", 1) for arg in sys.argv[2:]]
    os.makedirs(home, exist_ok=True)
    os.environ["STANDALONE"] = "True"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ["DATABASE_URL"] = f"sqlite:///{os.path.join(home, 'db.sqlite3')}"
    os.environ["MEDIA_ROOT"] = os.path.join(home, "media")
    os.environ.setdefault("SECRET_KEY", "doccano-probe")
    import backend

    sys.path.insert(0, os.path.dirname(backend.__file__))
    import django

    django.setup()
    from django.core import management

    management.call_command("migrate", verbosity=0)
    from data_import.datasets import load_dataset
    from data_import.pipeline.catalog import RELATION_EXTRACTION, create_file_format
    from data_import.pipeline.readers import FileName
    from django.contrib.auth import get_user_model
    from examples.models import Example
    from labels.models import Relation, Span
    from projects.models import ProjectType, SequenceLabelingProject

    user = get_user_model().objects.create_superuser("probe", "probe@example.org", "probe")
    results = []
    for number, (path, form) in enumerate(jobs):
        project = SequenceLabelingProject.objects.create(
            name=f"probe{number}", project_type=ProjectType.SEQUENCE_LABELING, created_by=user,
            use_relation=form == "relations")
        task = RELATION_EXTRACTION if form == "relations" else ProjectType.SEQUENCE_LABELING
        name = os.path.basename(path)
        dataset = load_dataset(task, create_file_format("JSONL"),
                               [FileName(full_path=path, generated_name=name, upload_name=name)],
                               project)
        dataset.save(user)
        examples = Example.objects.filter(project=project).order_by("id")
        results.append({
            "errors": [str(error.dict()) for error in dataset.errors],
            "examples": [
                {"text": example.text,
                 "meta": example.meta,
                 "spans": sorted([span.start_offset, span.end_offset, span.label.text]
                                 for span in Span.objects.filter(example=example)),
                 "relations": sorted(
                     [rel.from_id.start_offset, rel.from_id.end_offset, rel.to_id.start_offset,
                      rel.to_id.end_offset, rel.type.text]
                     for rel in Relation.objects.filter(example=example))}
                for example in examples],
        })
    print(json.dumps(results))

if __name__ == "__main__":
    main()
