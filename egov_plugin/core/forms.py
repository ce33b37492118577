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
            # Naming the error replaces Django's own aria-describedby, so name the help too.
            help_id = f"{bound.auto_id}_helptext"
            if bound.help_text and help_id not in described.split():
                described = f"{help_id} {described}".strip()
            if error_id not in described.split():
                described = f"{described} {error_id}".strip()
            attrs["aria-describedby"] = described
            attrs["aria-invalid"] = "true"
