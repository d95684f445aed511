"""cv-generator: tailors the master CV to each job, truthfully, and renders it with reports."""

SERVICE = "cv-generator"
