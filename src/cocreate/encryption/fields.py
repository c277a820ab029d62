"""Model fields whose values are encrypted on write and decrypted on read (`keys`), and a file field whose stored
bytes are (`files`). An encrypted value cannot be compared in the database, so these fields take no lookup but
`isnull`: a query that filters or searches on one fails loudly instead of silently finding nothing."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.base import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

from cocreate.encryption import canary, files, keys


class _NoComparison:
    def get_lookup(self, lookup_name: str) -> Any:
        return models.Field.get_lookup(self, lookup_name) if lookup_name == "isnull" else None  # type: ignore[arg-type]

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedTextField(_NoComparison, models.TextField):
    """Text kept encrypted in the database; read back as the text. Empty text is kept empty."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else keys.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return keys.encrypt(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        if value:
            canary.ensure()
        return value


class EncryptedJSONField(_NoComparison, models.TextField):
    """A JSON value (a dict or list) kept encrypted as text in the database."""

    # What the model attribute holds, for the type checker's Django plugin: the JSON value, not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    description = "JSON encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        text = keys.decrypt(value)
        return json.loads(text) if text else None

    def to_python(self, value: Any) -> Any:
        return value  # the value is already what the model holds; TextField would turn a dict into its repr

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return keys.encrypt(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        if value is not None:
            canary.ensure()
        return value


class EncryptedFieldFile(FieldFile):
    """A stored file written encrypted; opening it reads the plain bytes."""

    field: EncryptedFileField

    def save(self, name: str, content: File[Any], save: bool = True) -> None:
        sealed, key_id = files.encrypted_copy(content)
        try:
            canary.ensure(key_id)
            super().save(name, File(sealed, name=name), save=False)
        finally:
            sealed.close()
        setattr(self.instance, self.field.key_field, key_id)
        if save:
            self.instance.save()

    def open_plain(self) -> Any:
        """A reader of the plain bytes (read, seek, close), whatever key the file is under."""
        reader, _key_id = files.plain(self.storage.open(self.name or "", "rb"))
        return reader

    def _require(self) -> None:
        if not self:
            raise ValueError(f"The '{self.field.name}' attribute has no file associated with it.")

    def _get_file(self) -> Any:
        self._require()
        if getattr(self, "_file", None) is None:
            self._file = File(self.open_plain(), name=self.name)
        return self._file

    def _set_file(self, file: Any) -> None:
        self._file = file

    def _del_file(self) -> None:
        del self._file

    file = property(_get_file, _set_file, _del_file)

    def open(self, mode: str | None = "rb", *args: Any, **kwargs: Any) -> EncryptedFieldFile:
        """Opened for reading its plain bytes, whatever the mode: a stored file is never written in place."""
        self._require()
        if getattr(self, "_file", None) is None or self._file.closed:
            self.file = File(self.open_plain(), name=self.name)
        return self


class EncryptedFileField(models.FileField):
    """A file field whose stored bytes are encrypted; `key_field` names the model's column that records the key
    each file is under ("" for a file stored before encryption), so status and rotation need not open files."""

    attr_class = EncryptedFieldFile

    def __init__(self, *args: Any, key_field: str = "key_id", **kwargs: Any) -> None:
        self.key_field = key_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.key_field != "key_id":
            kwargs["key_field"] = self.key_field
        return name, path, args, kwargs
