"""Recording changes of staff accounts' rights (권한 부여·변경·말소 내역) as they happen.

Receivers on Django's auth models: ``m2m_changed`` for a user's groups, a group's permissions
and a user's own permissions (from either side of the relation), and ``pre_save``/``post_save``
/``post_delete`` on the user model for the superuser, staff and active flags and for accounts
created or deleted. Whoever is signed in to the request that made the change is recorded
(:class:`~egov_plugin.privacy.middleware.CurrentRequestMiddleware`); a change made by a command
or a migration has no actor.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from egov_plugin.core.clientip import client_ip

from .middleware import current_request
from .models import PermissionChange

logger = logging.getLogger(__name__)

FLAGS = ("is_superuser", "is_staff", "is_active")
_Kind = PermissionChange.Kind
_Change = PermissionChange.Change


def _actor():
    request = current_request()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, "", client_ip(request)
    return user, user.get_username(), client_ip(request)


def _write(rows):
    if not rows:
        return
    actor, label, ip = _actor()
    for row in rows:
        row.actor, row.actor_label, row.ip_address = actor, label, ip
    try:
        # A savepoint: before this app's table exists (``migrate`` of an earlier app runs
        # the role set-up), the change is logged as a warning instead of failing the migration.
        with transaction.atomic():
            PermissionChange.objects.bulk_create(rows)
    except DatabaseError:
        logger.warning("Permission changes not recorded (is egov_privacy migrated?)")


def _perm_label(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def _change(action):
    return _Change.ADDED if action == "post_add" else _Change.REMOVED


def _pending_clear(instance, field, pks):
    instance.__dict__.setdefault("_egov_cleared", {})[field] = pks


def _m2m_change(instance, action, reverse, pk_set, *, forward, backward):
    """What one ``m2m_changed`` call added or removed: ``(change, primary keys of the other
    side)``, or ``None`` when there is nothing to record.

    ``clear()`` says what it removed only before it runs (``pre_clear``), so the keys are kept
    on the instance until ``post_clear``. ``forward``/``backward`` name the related manager on
    each side (``user.groups`` / ``group.user_set``).
    """
    if action == "pre_clear":
        related = getattr(instance, backward if reverse else forward)
        _pending_clear(instance, forward, set(related.values_list("pk", flat=True)))
        return None
    if action == "post_clear":
        pk_set = instance.__dict__.get("_egov_cleared", {}).pop(forward, set())
        action = "post_remove"
    if action not in ("post_add", "post_remove") or not pk_set:
        return None
    return _change(action), pk_set


def _user_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    found = _m2m_change(instance, action, reverse, pk_set, forward="groups", backward="user_set")
    if found is None:
        return
    change, pk_set = found
    User = get_user_model()
    if reverse:  # group.user_set.add(users)
        pairs = [(u, instance) for u in User.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, g) for g in Group.objects.filter(pk__in=pk_set)]
    _write(
        [
            PermissionChange(
                kind=_Kind.MEMBERSHIP,
                change=change,
                target_user_label=user.get_username(),
                target_group=group.name,
                detail=group.name,
            )
            for user, group in pairs
        ]
    )


def _group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    found = _m2m_change(
        instance, action, reverse, pk_set, forward="permissions", backward="group_set"
    )
    if found is None:
        return
    change, pk_set = found
    if reverse:  # permission.group_set.add(groups)
        pairs = [(g, instance) for g in Group.objects.filter(pk__in=pk_set)]
    else:
        perms = Permission.objects.filter(pk__in=pk_set).select_related("content_type")
        pairs = [(instance, p) for p in perms]
    _write(
        [
            PermissionChange(
                kind=_Kind.GROUP_PERMISSION,
                change=change,
                target_group=group.name,
                detail=_perm_label(perm),
            )
            for group, perm in pairs
        ]
    )


def _user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    found = _m2m_change(
        instance, action, reverse, pk_set, forward="user_permissions", backward="user_set"
    )
    if found is None:
        return
    change, pk_set = found
    User = get_user_model()
    if reverse:
        pairs = [(u, instance) for u in User.objects.filter(pk__in=pk_set)]
    else:
        perms = Permission.objects.filter(pk__in=pk_set).select_related("content_type")
        pairs = [(instance, p) for p in perms]
    _write(
        [
            PermissionChange(
                kind=_Kind.USER_PERMISSION,
                change=change,
                target_user_label=user.get_username(),
                detail=_perm_label(perm),
            )
            for user, perm in pairs
        ]
    )


def _user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # e.g. last_login on every sign-in: nothing to compare
    old = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()
    instance._egov_old_flags = old


def _user_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = [f for f in FLAGS if getattr(instance, f, False) and f != "is_active"]
        _write(
            [
                PermissionChange(
                    kind=_Kind.ACCOUNT,
                    change=_Change.ADDED,
                    target_user_label=instance.get_username(),
                    detail=" ".join(["account created", *flags]),
                )
            ]
        )
        return
    old = getattr(instance, "_egov_old_flags", None) or {}
    rows = [
        PermissionChange(
            kind=_Kind.FLAG,
            change=_Change.CHANGED,
            target_user_label=instance.get_username(),
            detail=f"{flag}: {old[flag]} → {getattr(instance, flag)}",
        )
        for flag in FLAGS
        if flag in old and old[flag] != getattr(instance, flag)
    ]
    instance._egov_old_flags = None
    _write(rows)


def _user_deleted(sender, instance, **kwargs):
    _write(
        [
            PermissionChange(
                kind=_Kind.ACCOUNT,
                change=_Change.REMOVED,
                target_user_label=instance.get_username(),
                detail="account deleted",
            )
        ]
    )


def connect():
    """Connect the receivers (from ``EgovPrivacyConfig.ready()``)."""
    User = get_user_model()
    m2m_changed.connect(
        _user_groups_changed, sender=User.groups.through, dispatch_uid="egov_privacy_groups"
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="egov_privacy_group_perms",
    )
    m2m_changed.connect(
        _user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="egov_privacy_user_perms",
    )
    pre_save.connect(_user_pre_save, sender=User, dispatch_uid="egov_privacy_user_pre")
    post_save.connect(_user_post_save, sender=User, dispatch_uid="egov_privacy_user_post")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="egov_privacy_user_delete")
