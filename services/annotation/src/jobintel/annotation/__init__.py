"""Annotation: structures every job description and keeps the user's annotations on it."""

SERVICE = "annotation"
