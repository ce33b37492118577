"""A real S3-protocol server for the object-storage tests: moto's standalone server.

``moto_s3`` (one per test module) starts ``python -m moto.server`` on a loopback port and
yields its endpoint URL; buckets are created per test. moto speaks the S3 REST protocol as
boto3 and django-storages use it (PUT/GET/HEAD/DELETE objects, listing, ACLs, presigned GETs
with their ``response-*`` overrides); it does **not** check signatures, their expiry, ACLs or
bucket policies on requests, so those are asserted on what the application asks for (the
object's ACL, the signed URL's parameters), not on moto's refusals (docs/reference/files.md).

The port is free in ``EGOV_TEST_PORTS`` (``18400-18499``) when that is set, else any free one.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

ACCESS_KEY = "egov-test-access"
SECRET_KEY = "egov-test-secret"  # noqa: S105 - moto accepts any credentials
REGION = "ap-northeast-2"


def free_port():
    """A free loopback port (in ``EGOV_TEST_PORTS`` when set)."""
    span = os.environ.get("EGOV_TEST_PORTS", "")
    candidates = [0]
    if span:
        low, high = (int(x) for x in span.split("-"))
        candidates = list(range(low, high + 1))
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in {span}")


@pytest.fixture(scope="module")
def moto_s3():
    """The endpoint URL of a moto S3 server running for this module."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).read()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.2)
    try:
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def s3_client(endpoint):
    """A boto3 client of the moto server (the test's own view of the bucket)."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def new_bucket(endpoint):
    """Create a bucket with a fresh name; returns the name."""
    name = f"egov-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return name


def s3_storage_options(endpoint, bucket, **extra):
    """The ``egov_private`` storage's OPTIONS as the production settings' recipe has them."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "location": "private",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "no-store"},
        **extra,
    }
