from django.core.management.base import BaseCommand

from egov_plugin.people.roles import ROLES, ensure_roles, role_permissions


class Command(BaseCommand):
    """Create the staff roles (관리자, 정책 담당, 위원회 담당, 단체 담당) and their permissions.

    ``migrate`` already does this; the command is for sites that want to re-apply the defaults
    after changing groups by hand. It only adds, never removes, permissions.
    """

    help = "Create the staff role groups and grant their default permissions."

    def handle(self, *args, **options):
        created = ensure_roles()
        for role in ROLES:
            mark = "created" if role in created else "checked"
            self.stdout.write(f"{role}: {mark}, {len(role_permissions(role))} permissions")
