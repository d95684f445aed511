"""What only the gateway talks to: CV files (PDF, DOCX, Markdown) and the model that drafts."""
