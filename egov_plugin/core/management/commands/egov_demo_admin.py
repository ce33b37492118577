import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Create the demo superuser (or give it a new random password) and print the login.

    For demos only: ``scripts/demo`` runs it on every start, so the password printed last is the
    one that works.
    """

    help = "Create or reset the demo admin account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Admin login: user {username!r}, password {password!r} "
            f"({'created' if created else 'new password'})"
        )
