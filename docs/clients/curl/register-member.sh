#!/usr/bin/env bash
# Registers a member with Involvement's recruitment service over REST/JSON, then reads the record back.
# Needs curl and jq. Settings come from the environment; see docs/clients/README.md.
#   register-member.sh [given_name family_name]
set -euo pipefail

: "${INVOLVEMENT_TOKEN:?set INVOLVEMENT_TOKEN to a bearer token with the ppi-team role}"
rest=${INVOLVEMENT_RECRUITMENT_REST:-http://127.0.0.1:8101}
given_name=${1:-Alex} family_name=${2:-Example}

# Proto JSON: field names in lowerCamelCase, enums as their names. Keep the idempotency key with your own record:
# a retry with it returns the first result, never a second member.
body=$(jq -n --arg key "$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)" --arg given "$given_name" --arg family "$family_name" '{
  idempotencyKey: $key, givenName: $given, familyName: $family,
  livedExperienceType: "LIVED_EXPERIENCE_TYPE_CARER", involvementLevel: "INVOLVEMENT_LEVEL_INFORMATION",
  consentToHoldData: true
}')

# An error answers with an HTTP status from the gRPC code and the google.rpc.Status JSON (code, message, details):
# printed on stderr, and the script exits 1.
if ! registered=$(curl --silent --show-error --fail-with-body --max-time 30 -X POST "$rest/v1/members" \
  -H "Authorization: Bearer $INVOLVEMENT_TOKEN" -H 'Content-Type: application/json' --data "$body"); then
  echo "RegisterMember failed: $registered" >&2
  exit 1
fi
member_id=$(jq -r '.member.memberId' <<<"$registered")
echo "registered member $member_id (version $(jq -r '.member.version' <<<"$registered"))"

curl --silent --show-error --fail-with-body --max-time 30 "$rest/v1/members/$member_id" \
  -H "Authorization: Bearer $INVOLVEMENT_TOKEN" | jq .
