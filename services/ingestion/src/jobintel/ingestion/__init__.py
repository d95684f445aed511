"""Ingestion: turns postings from any source into normalised `job.ingested` facts."""

SERVICE = "ingestion"
