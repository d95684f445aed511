"""Quality of the offline structuring, measured on a labelled set of job descriptions.

`python -m jobintel.annotation.eval` (what `make eval` runs) prints precision and recall for
skills, for must-have/nice-to-have assignment and for sections.
"""
