#!/usr/bin/env bash
# Selvbook's REST API with plain curl: a caseworker publishes slots, a citizen with an open self-booking
# deadline searches, books, rebooks and cancels. Run against `npm start` (after the seed, any citizen id
# from the deadline-service works) — tools/e2e/outside-clients.int-spec.ts runs this script in CI:
#
#   CITIZEN=<citizenId> JOBCENTER=10101 docs/examples/rest.sh
#
# Environment: CITIZEN (required), JOBCENTER (the citizen's jobcenter, default 10101), B and D (booking- and
# deadline-service URLs, default the npm start ports), CW and CIT (bearer tokens; minted with
# `npm run -s token` when absent). Prints one line per call: `HTTP <status> <method> <path>`.
# Needs only bash, curl, grep and cut.
set -euo pipefail

: "${CITIZEN:?set CITIZEN to the citizen id}"
JOBCENTER=${JOBCENTER:-10101}
B=${B:-http://127.0.0.1:3003}   # booking-service
D=${D:-http://127.0.0.1:3002}   # deadline-service
CW=${CW:-$(npm run -s token -- caseworker "$JOBCENTER")}   # caseworker at the jobcenter
CIT=${CIT:-$(npm run -s token -- citizen "$CITIZEN")}      # the citizen themself
FROM=$(date -d '+1 day' +%F 2>/dev/null || date -v+1d +%F)
TO=$(date -d '+30 days' +%F 2>/dev/null || date -v+30d +%F)
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen; }

BODY=$(mktemp) HEAD=$(mktemp)
trap 'rm -f "$BODY" "$HEAD"' EXIT
# api METHOD URL [curl options…]: the call, its status printed; the body in $BODY, the headers in $HEAD.
api() {
  local method=$1 url=$2; shift 2
  curl -sS -X "$method" "$url" -o "$BODY" -D "$HEAD" -w "HTTP %{http_code} $method ${url#"$B"}\n" "$@" | sed "s|$D||"
}
field() { grep -o "\"$1\":\"[^\"]*\"" "$BODY" | head -"${2:-1}" | tail -1 | cut -d'"' -f4; }   # the n-th "<name>":"…"
etag() { grep -i '^etag:' "$HEAD" | cut -d' ' -f2 | tr -d '\r'; }

# A caseworker creates a calendar and publishes a month of weekday-morning slots.
api POST "$B/v1/calendars" -H "authorization: Bearer $CW" -H 'content-type: application/json' \
  -d '{"name":"Team Vest","defaultLocation":"Jobcenter, Vej 1"}'
CAL=$(field id)
api POST "$B/v1/calendars/$CAL/slots/generate" -H "authorization: Bearer $CW" -H 'content-type: application/json' \
  -d "{\"from\":\"$FROM\",\"to\":\"$TO\",\"periods\":[{\"weekday\":1,\"opens\":\"09:00\",\"closes\":\"12:00\"},{\"weekday\":3,\"opens\":\"09:00\",\"closes\":\"12:00\"}],
       \"slotMinutes\":45,\"gapMinutes\":15,\"conversationTypes\":[4,7,17],\"formats\":[\"IN_PERSON\",\"PHONE\"],\"capacity\":1}"

# The citizen reads their deadlines, searches free in-person slots for the open one (a first conversation is held
# in person [F:S16, S20]; later ones may be PHONE or VIDEO), and books the first.
api GET "$D/v1/citizens/$CITIZEN/deadlines" -H "authorization: Bearer $CIT"
DEADLINE=$(field deadlineId)
api GET "$B/v1/slots?deadlineId=$DEADLINE&format=IN_PERSON&limit=5" -H "authorization: Bearer $CIT"
SLOT=$(field id 1)
OTHER_SLOT=$(field id 2)
api POST "$B/v1/bookings" -H "authorization: Bearer $CIT" -H 'content-type: application/json' \
  -H "idempotency-key: $(uuid)" -d "{\"slotId\":\"$SLOT\",\"deadlineId\":\"$DEADLINE\",\"format\":\"IN_PERSON\"}"
BOOKING=$(field id)

# Reading a booking gives its ETag; a change sends it back as If-Match (a stale one is 412).
api GET "$B/v1/bookings/$BOOKING" -H "authorization: Bearer $CIT"
api POST "$B/v1/bookings/$BOOKING/rebook" -H "authorization: Bearer $CIT" -H "if-match: $(etag)" \
  -H 'content-type: application/json' -d "{\"slotId\":\"$OTHER_SLOT\"}"
BOOKING=$(field id)
api POST "$B/v1/bookings/$BOOKING/cancel" -H "authorization: Bearer $CIT" -H "if-match: $(etag)" \
  -H 'content-type: application/json' -d '{"legitimateReason":"JOB_INTERVIEW"}'
