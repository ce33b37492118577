"""The public one-click unsubscribe page of campaign e-mail (RFC 8058)."""

from django.core import signing
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from egov_plugin.core import audit
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person

from .messages import read_unsubscribe_token


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" without any cookie or token
def unsubscribe(request, token):
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST withdraws."""
    try:
        person_id, channel = read_unsubscribe_token(token)
    except signing.BadSignature:
        return HttpResponseBadRequest("Invalid unsubscribe link.")
    person = Person.objects.filter(pk=person_id).first()
    if person is None or channel not in ConsentRecord.Channel.values:
        return render(request, "egov_outreach/unsubscribe.html", {"done": True}, status=200)
    if request.method == "POST":
        consent.withdraw(person, channel, source="outreach-unsubscribe")
        audit.record(
            request,
            audit.Action.EDIT,
            obj=person,
            summary=f"Consent withdrawn ({channel}) from an unsubscribe link",
        )
        return render(request, "egov_outreach/unsubscribe.html", {"done": True})
    return render(request, "egov_outreach/unsubscribe.html", {"done": False})
