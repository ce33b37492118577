"""Page permission checks that Wagtail's admin leaves to a later step.

Wagtail 8.0's ``MoveConfirmView`` (``wagtail/admin/views/pages/move.py``) renders its GET for
any user who may open the admin: the "choose destination" view before it checks ``can_move()``
and the move action after it checks ``can_move_to()``, but the confirmation page itself checks
nothing, so it names any page and any destination by id — titles of drafts and of closed
consultations included. :func:`refuse_move_without_permission` runs on Wagtail's own
``before_move_page`` hook (called by that view for GET and POST) and answers 403 unless the
user may make exactly this move.
"""

from .refusals import forbidden


def refuse_move_without_permission(request, page, destination):
    """The 403 page unless ``request.user`` may move ``page`` under ``destination``."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return forbidden(request)
    return None
