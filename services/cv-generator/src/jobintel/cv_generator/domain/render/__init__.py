"""Renderers of a tailored CV: each is a pure function from `TailoredCV` to bytes or text."""
