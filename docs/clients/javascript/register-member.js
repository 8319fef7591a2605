// Registers a member with Involvement's recruitment service over gRPC, then prints the MemberRegistered event
// recruitment publishes for them, as a trust system subscribed on RabbitMQ sees it.
//
// `npm ci` first. Settings come from the environment; see docs/clients/README.md.
// Usage: node register-member.js [givenName familyName]
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const amqp = require('amqplib');

const EXCHANGE = 'Involvement.Contracts.Recruitment:MemberRegistered'; // one fanout exchange per event type
const MESSAGE_TYPE = `urn:message:${EXCHANGE}`;
const REPO = path.resolve(__dirname, '..', '..', '..');

function fail(message) {
  console.error(message);
  process.exit(1);
}

// Google's google/api and google/type protos, which ours import: GOOGLE_COMMON_PROTOS, or the copy in the
// Google.Api.CommonProtos NuGet package that `dotnet build` restores (its version pinned in Directory.Packages.props).
function commonProtos() {
  if (process.env.GOOGLE_COMMON_PROTOS) return process.env.GOOGLE_COMMON_PROTOS;
  const packages = process.env.NUGET_PACKAGES || path.join(os.homedir(), '.nuget', 'packages');
  const props = fs.readFileSync(path.join(REPO, 'Directory.Packages.props'), 'utf8');
  const version = /Include="Google\.Api\.CommonProtos" Version="([^"]+)"/.exec(props)?.[1];
  const folder = path.join(packages, 'google.api.commonprotos', version ?? '', 'content', 'protos');
  if (!version || !fs.existsSync(path.join(folder, 'google', 'api', 'annotations.proto'))) {
    fail(`Google's common protos not found at ${folder}: run \`dotnet restore\` in ${REPO}, or set GOOGLE_COMMON_PROTOS `
      + 'to a folder holding google/api/annotations.proto and google/type/date.proto');
  }
  return folder;
}

function memberService() {
  const definition = protoLoader.loadSync('involvement/recruitment/v1/members.proto', {
    includeDirs: [process.env.INVOLVEMENT_PROTOS || path.join(REPO, 'protos'), commonProtos()],
    keepCase: true, // fields as in the proto (member_id); enums as their names
    enums: String,
    longs: String,
    defaults: true,
  });
  const { MemberService } = grpc.loadPackageDefinition(definition).involvement.recruitment.v1;
  return new MemberService(process.env.INVOLVEMENT_RECRUITMENT || '127.0.0.1:5101', grpc.credentials.createInsecure());
}

// Our own durable queue bound to the event's exchange: declared before registering, so no event is missed, and kept
// between runs, so events published while we are away wait for us.
async function subscribe(channel, queue) {
  await channel.assertQueue(queue, { durable: true });
  try {
    await channel.bindQueue(queue, EXCHANGE, '');
  } catch (error) {
    fail(`cannot bind ${queue} to ${EXCHANGE}: ${error.message} `
      + '(the exchange exists once recruitment or a subscribing service has started; the user needs read on it)');
  }
}

function register(client, token, givenName, familyName) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const request = {
    // Keep the key with your own record: a retry with it returns the first result, never a second member.
    idempotency_key: crypto.randomUUID(),
    given_name: givenName,
    family_name: familyName,
    lived_experience_type: 'LIVED_EXPERIENCE_TYPE_CARER',
    involvement_level: 'INVOLVEMENT_LEVEL_INFORMATION',
    consent_to_hold_data: true,
  };
  return new Promise((resolve) => {
    client.RegisterMember(request, metadata, { deadline: Date.now() + 30_000 }, (error, response) => {
      if (error) fail(`RegisterMember failed: ${grpc.status[error.code]}: ${error.details}`);
      resolve(response.member);
    });
  });
}

// Prints every MemberRegistered that arrives until the one for memberId; false if it does not come in time.
function awaitEvent(channel, queue, memberId, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    channel.consume(queue, (message) => {
      if (message === null) return; // consumer cancelled by the broker: the timer reports it
      const envelope = JSON.parse(message.content.toString('utf8')); // MassTransit's envelope: the event is its "message"
      channel.ack(message);
      if (!(envelope.messageType ?? []).includes(MESSAGE_TYPE)) return;
      console.log(`MemberRegistered ${JSON.stringify(envelope.message)}`);
      if (envelope.message.memberId === memberId) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
}

async function main() {
  const token = process.env.INVOLVEMENT_TOKEN || fail('set INVOLVEMENT_TOKEN to a bearer token with the ppi-team role');
  const [givenName, familyName] = process.argv.length >= 4 ? process.argv.slice(2, 4) : ['Alex', 'Example'];
  const client = memberService();
  const queue = process.env.INVOLVEMENT_QUEUE || 'trust-example-javascript-member-registered';
  const broker = await amqp.connect(process.env.INVOLVEMENT_AMQP_URL || 'amqp://guest:guest@127.0.0.1:56729/%2F');
  try {
    const channel = await broker.createChannel();
    // The broker closes the channel on a refused operation; the operation's own promise says why, handled where awaited.
    channel.on('error', () => {});
    await subscribe(channel, queue);
    const member = await register(client, token, givenName, familyName);
    console.log(`registered member ${member.member_id} (version ${member.version})`);
    const timeout = Number(process.env.INVOLVEMENT_EVENT_TIMEOUT || '30') * 1000;
    if (!(await awaitEvent(channel, queue, member.member_id, timeout))) {
      fail(`no MemberRegistered for ${member.member_id} on ${queue} in time`);
    }
  } finally {
    client.close();
    await broker.close();
  }
}

main().catch((error) => fail(error.message));
