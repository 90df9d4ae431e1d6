"""What a question must be before it is answered; light, so the app can check without the model."""

from __future__ import annotations

MAX_QUESTION_CHARS = 2000


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long)."""


def validate(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise QuestionError("the question is empty: type a question about the indexed documents")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return text
