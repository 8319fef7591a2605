#!/usr/bin/python3
"""Registers a member with Involvement's recruitment service over gRPC, then prints the MemberRegistered event
recruitment publishes for them, as a trust system subscribed on RabbitMQ sees it.

Needs Debian's python3-grpcio, python3-grpc-tools and python3-pika (run with /usr/bin/python3). Settings come from
the environment; see docs/clients/README.md. Usage: register_member.py [given_name family_name]
"""
import glob
import json
import os
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

import grpc
import pika
from grpc_tools import protoc

EXCHANGE = "Involvement.Contracts.Recruitment:MemberRegistered"   # one fanout exchange per event type
MESSAGE_TYPE = "urn:message:" + EXCHANGE
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def common_protos():
    """Google's google/api and google/type protos, which ours import: GOOGLE_COMMON_PROTOS, or the copy in the
    Google.Api.CommonProtos NuGet package that `dotnet build` restores (its version pinned in Directory.Packages.props)."""
    if os.environ.get("GOOGLE_COMMON_PROTOS"):
        return os.environ["GOOGLE_COMMON_PROTOS"]
    packages = os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    pinned = re.search(r'Include="Google\.Api\.CommonProtos" Version="([^"]+)"', (REPO / "Directory.Packages.props").read_text())
    folder = os.path.join(packages, "google.api.commonprotos", pinned.group(1) if pinned else "*", "content", "protos")
    found = sorted(glob.glob(folder))
    if not found:
        fail(f"Google's common protos not found at {folder}: run `dotnet restore` in {REPO}, "
             "or set GOOGLE_COMMON_PROTOS to a folder holding google/api/annotations.proto and google/type/date.proto")
    return found[-1]


def generate_stubs():
    """Generates the Python messages and stubs for members.proto into a temporary folder and imports them."""
    protos = os.environ.get("INVOLVEMENT_PROTOS", str(REPO / "protos"))
    sources = ["involvement/recruitment/v1/members.proto", "google/api/annotations.proto", "google/api/http.proto",
               "google/type/date.proto"]
    with tempfile.TemporaryDirectory(prefix="involvement-stubs-") as out:
        status = protoc.main(["protoc", f"-I{protos}", f"-I{common_protos()}",
                              f"-I{os.path.join(os.path.dirname(protoc.__file__), '_proto')}",   # google/protobuf
                              f"--python_out={out}", f"--grpc_python_out={out}", *sources])
        if status != 0:
            fail(f"protoc failed ({status}) generating stubs from {protos}")
        sys.path.insert(0, out)
        from involvement.recruitment.v1 import members_pb2, members_pb2_grpc   # loaded: the files may go
        sys.path.remove(out)
    return members_pb2, members_pb2_grpc


def subscribe(channel, queue):
    """Our own durable queue bound to the event's exchange: declared before registering, so no event is missed,
    and kept between runs, so events published while we are away wait for us."""
    channel.queue_declare(queue=queue, durable=True)
    try:
        channel.queue_bind(queue=queue, exchange=EXCHANGE)
    except pika.exceptions.ChannelClosedByBroker as error:
        fail(f"cannot bind {queue} to {EXCHANGE}: {error.reply_text} "
             "(the exchange exists once recruitment or a subscribing service has started; the user needs read on it)")


def register(members_pb2, members_pb2_grpc, token, given_name, family_name):
    address = os.environ.get("INVOLVEMENT_RECRUITMENT", "127.0.0.1:5101")
    with grpc.insecure_channel(address) as channel:
        client = members_pb2_grpc.MemberServiceStub(channel)
        request = members_pb2.RegisterMemberRequest(
            # Keep the key with your own record: a retry with it returns the first result, never a second member.
            idempotency_key=str(uuid.uuid4()),
            given_name=given_name,
            family_name=family_name,
            lived_experience_type=members_pb2.LIVED_EXPERIENCE_TYPE_CARER,
            involvement_level=members_pb2.INVOLVEMENT_LEVEL_INFORMATION,
            consent_to_hold_data=True)
        try:
            return client.RegisterMember(request, metadata=[("authorization", f"Bearer {token}")], timeout=30).member
        except grpc.RpcError as error:
            fail(f"RegisterMember failed: {error.code().name}: {error.details()}")


def await_event(channel, queue, member_id, timeout):
    """Prints every MemberRegistered that arrives until the one for member_id; False if it does not come in time."""
    deadline = time.monotonic() + timeout
    for method, _, body in channel.consume(queue, inactivity_timeout=1):
        if method is not None:
            envelope = json.loads(body)   # MassTransit's envelope: the event is its "message"
            channel.basic_ack(method.delivery_tag)
            if MESSAGE_TYPE in envelope.get("messageType", []):
                event = envelope["message"]
                print("MemberRegistered " + json.dumps(event), flush=True)
                if event["memberId"] == member_id:
                    return True
        if time.monotonic() > deadline:
            return False


def main():
    token = os.environ.get("INVOLVEMENT_TOKEN") or fail("set INVOLVEMENT_TOKEN to a bearer token with the ppi-team role")
    given_name, family_name = (sys.argv[1:3] if len(sys.argv) >= 3 else ("Alex", "Example"))
    members_pb2, members_pb2_grpc = generate_stubs()
    queue = os.environ.get("INVOLVEMENT_QUEUE", "trust-example-python-member-registered")
    try:
        broker = pika.BlockingConnection(pika.URLParameters(
            os.environ.get("INVOLVEMENT_AMQP_URL", "amqp://guest:guest@127.0.0.1:56729/%2F")))
    except pika.exceptions.AMQPError as error:
        fail(f"cannot connect to the broker: {error!r}")
    try:
        channel = broker.channel()
        subscribe(channel, queue)
        member = register(members_pb2, members_pb2_grpc, token, given_name, family_name)
        print(f"registered member {member.member_id} (version {member.version})", flush=True)
        if not await_event(channel, queue, member.member_id, float(os.environ.get("INVOLVEMENT_EVENT_TIMEOUT", "30"))):
            fail(f"no MemberRegistered for {member.member_id} on {queue} in time")
    except pika.exceptions.ChannelClosedByBroker as error:
        fail(f"the broker refused: {error.reply_text}")
    finally:
        if broker.is_open:
            broker.close()


if __name__ == "__main__":
    main()
