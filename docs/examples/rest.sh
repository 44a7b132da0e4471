#!/usr/bin/env bash
# Selvbook's REST API with plain curl: a citizen with an open self-booking deadline, a caseworker's calendar
# with slots, and the citizen searching, booking, rebooking and cancelling. Run against `npm start` with a
# seeded citizen (`npm start` prints two citizen ids) — tools/e2e/outside-clients.int-spec.ts runs this script in CI:
#
#   CITIZEN=<citizenId> JOBCENTER=10101 docs/examples/rest.sh
#
# Environment: CITIZEN (required), JOBCENTER (the citizen's jobcenter, default 10101), B and D (booking- and
# deadline-service URLs, default the npm start ports), CW and CIT (bearer tokens; minted with
# `npm run -s token` when absent), CALENDAR (a calendar id of the jobcenter to use). Without CALENDAR the
# script reuses the calendar it created on an earlier run against the same service (its id is kept in
# ${SELVBOOK_STATE_DIR:-$TMPDIR}), so running it again adds no calendar; publishing its slots again adds none.
# Prints each call as `HTTP <status> <method> <path>` followed by the response body, indented. Stops at the
# first unexpected answer with a sentence saying what went wrong (exit 1; exit 3: the citizen has no open deadline).
# Needs only bash, curl, grep, tr and cut.
set -euo pipefail

: "${CITIZEN:?set CITIZEN to the citizen id (npm start prints two seeded ones)}"
JOBCENTER=${JOBCENTER:-10101}
B=${B:-http://127.0.0.1:3003}   # booking-service
D=${D:-http://127.0.0.1:3002}   # deadline-service
CW=${CW:-$(npm run -s token -- caseworker "$JOBCENTER")}   # caseworker at the jobcenter
CIT=${CIT:-$(npm run -s token -- citizen "$CITIZEN")}      # the citizen themself
FROM=$(date -d '+1 day' +%F 2>/dev/null || date -v+1d +%F)
TO=$(date -d '+30 days' +%F 2>/dev/null || date -v+30d +%F)
STATE_DIR=${SELVBOOK_STATE_DIR:-${TMPDIR:-/tmp}}
STATE_FILE="$STATE_DIR/selvbook-rest-example-calendar-$(printf '%s' "$B" | tr -c 'A-Za-z0-9' '_')-$JOBCENTER"
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen; }

BODY=$(mktemp) HEAD=$(mktemp)
trap 'rm -f "$BODY" "$HEAD"' EXIT
fail() { echo "rest.sh: $*" >&2; exit "${EXIT:-1}"; }

# try METHOD URL [curl options…]: the call, its status line and its body printed; the status in $STATUS,
# the body in $BODY, the headers in $HEAD.
try() {
  local method=$1 url=$2; shift 2
  STATUS=$(curl -sS -X "$method" "$url" -o "$BODY" -D "$HEAD" -w '%{http_code}' "$@") ||
    fail "cannot reach $url — is the service running (npm start)? Set B and D to other URLs."
  echo "HTTP $STATUS $method ${url#"$B"}" | sed "s|$D||"
  if [ -s "$BODY" ]; then sed 's/^/  /' "$BODY"; echo; fi
}
# api METHOD URL [curl options…]: as try, but any status of 400 or above stops the script, saying why.
api() {
  try "$@"
  if [ "$STATUS" -ge 400 ]; then
    fail "$1 ${2#"$B"} answered HTTP $STATUS: $(field detail || field title || echo 'see the body above')"
  fi
}
field() { grep -o "\"$1\":\"[^\"]*\"" "$BODY" | head -"${2:-1}" | tail -1 | cut -d'"' -f4 | grep .; }   # the n-th "<name>":"…"
etag() { grep -i '^etag:' "$HEAD" | cut -d' ' -f2 | tr -d '\r'; }
no_deadline() {
  EXIT=3 fail "citizen $CITIZEN has no open self-booking deadline at $D, so there is nothing to book.
  Pick a seeded citizen: \`npm start\` prints two (\"e.g. Mette #1: citizenId …\"), and every seeded citizen has a
  deadline open on the day of the start; or register one with a citizen.registered event on selvbook.citizen.v1."
}

# The citizen reads their deadlines: the open one is what they book against.
try GET "$D/v1/citizens/$CITIZEN/deadlines" -H "authorization: Bearer $CIT"
[ "$STATUS" = 404 ] && no_deadline
[ "$STATUS" -ge 400 ] && fail "GET deadlines answered HTTP $STATUS: $(field detail || echo 'see the body above')"
# one deadline object per line (they hold no nested objects); the first whose status is open
DEADLINE=$(tr '{' '\n' < "$BODY" | grep '"status":"open"' | grep -o '"deadlineId":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
[ -n "$DEADLINE" ] || no_deadline

# A caseworker's calendar: the one named in CALENDAR or kept from an earlier run, else a new one.
CAL=${CALENDAR:-$(cat "$STATE_FILE" 2>/dev/null || true)}
SLOTS="{\"from\":\"$FROM\",\"to\":\"$TO\",\"periods\":[{\"weekday\":1,\"opens\":\"09:00\",\"closes\":\"12:00\"},{\"weekday\":3,\"opens\":\"09:00\",\"closes\":\"12:00\"}],
  \"slotMinutes\":45,\"gapMinutes\":15,\"conversationTypes\":[4,7,17],\"formats\":[\"IN_PERSON\",\"PHONE\"],\"capacity\":1}"
if [ -n "$CAL" ]; then
  echo "Reusing calendar $CAL"
  # Publishing the weekly template again adds only slots not there yet.
  try POST "$B/v1/calendars/$CAL/slots/generate" -H "authorization: Bearer $CW" -H 'content-type: application/json' -d "$SLOTS"
  if [ "$STATUS" = 404 ] || [ "$STATUS" = 403 ]; then
    [ -n "${CALENDAR:-}" ] && fail "calendar $CAL is not a calendar of jobcenter $JOBCENTER at $B (HTTP $STATUS)"
    echo "The kept calendar is not there any more (a new system?); creating one"
    CAL=
  elif [ "$STATUS" -ge 400 ]; then
    fail "publishing slots in calendar $CAL answered HTTP $STATUS: $(field detail || echo 'see the body above')"
  fi
fi
if [ -z "$CAL" ]; then
  api POST "$B/v1/calendars" -H "authorization: Bearer $CW" -H 'content-type: application/json' \
    -d '{"name":"Team Vest","defaultLocation":"Jobcenter, Vej 1"}'
  CAL=$(field id)
  mkdir -p "$STATE_DIR" && echo "$CAL" > "$STATE_FILE"
  api POST "$B/v1/calendars/$CAL/slots/generate" -H "authorization: Bearer $CW" -H 'content-type: application/json' -d "$SLOTS"
fi

# The citizen searches free in-person slots for the open deadline (a first conversation is held in person
# [F:S16, S20]; later ones may be PHONE or VIDEO) and books the first.
api GET "$B/v1/slots?deadlineId=$DEADLINE&format=IN_PERSON&limit=5" -H "authorization: Bearer $CIT"
SLOT=$(field id 1) || fail "no free in-person slot before deadline $DEADLINE in any calendar of jobcenter $JOBCENTER"
OTHER_SLOT=$(field id 2) || fail "only one free in-person slot before deadline $DEADLINE: nothing to rebook to"
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
echo "Done: booked, rebooked and cancelled in calendar $CAL; the deadline $DEADLINE is open again."
