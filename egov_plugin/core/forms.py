"""Form helpers shared by the resident-facing pages."""


class AccessibleErrorsMixin:
    """Ties each field's error message to its input for screen readers.

    After validation, a field with errors gets ``aria-invalid="true"`` and an
    ``aria-describedby`` naming ``<id>-error``, the element the template renders its messages in
    (see ``egov_core/field.html``).
    """

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            attrs = self.fields[name].widget.attrs
            described = attrs.get("aria-describedby", "")
            error_id = f"{bound.auto_id}-error"
            if error_id not in described.split():
                attrs["aria-describedby"] = f"{described} {error_id}".strip()
            attrs["aria-invalid"] = "true"
