"""One exception hierarchy for techkg.

Every error a user can cause is a :class:`KGError`; its message says what was
wrong and what to do. The CLI prints ``error: <message>`` on one line and exits
with :attr:`KGError.exit_code`.
"""
from __future__ import annotations

__all__ = [
    "KGError",
    "InputError",
    "EmptyInputError",
    "BinaryInputError",
    "EncodingError",
    "JSONLError",
    "InputTooLargeError",
    "UnknownNameError",
    "LanguageError",
    "ModelError",
    "GazetteerError",
    "OntologyError",
    "QueryError",
]


class KGError(Exception):
    """Base class of all errors techkg reports to a user."""

    exit_code = 1


class InputError(KGError):
    """An input file or stream cannot be read as documents."""

    exit_code = 2


class EmptyInputError(InputError):
    """An input holds no text."""


class BinaryInputError(InputError):
    """An input is a binary file, not text."""


class EncodingError(InputError):
    """An input is not valid UTF-8 (or UTF-16 with a byte-order mark)."""


class JSONLError(InputError):
    """A JSONL input has a line that is not a JSON object with a text."""


class InputTooLargeError(InputError):
    """An input is larger than the configured limit."""


class UnknownNameError(KGError, KeyError):
    """A registry (languages, extractors, exporters) has no entry of that name."""

    exit_code = 2

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class LanguageError(UnknownNameError):
    """An unknown or unsupported language code."""


class ModelError(KGError):
    """A spaCy pipeline asked for with ``--model`` is not installed."""

    exit_code = 2


class GazetteerError(KGError):
    """A user gazetteer file is malformed."""

    exit_code = 2


class OntologyError(KGError):
    """The ontology files are missing or inconsistent."""


class QueryError(KGError):
    """A SPARQL query does not parse or cannot be run."""

    exit_code = 2
