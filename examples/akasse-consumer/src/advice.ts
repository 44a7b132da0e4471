/**
 * What an a-kasse must do about each event, in plain words. One line per event: `ACT` when a caseworker must
 * act (assess availability, stop dagpenge), `NOTE` when it is worth knowing, with the member's pseudonymous id
 * (never a CPR number: the a-kasse maps it to its member in its own system).
 */
import { AkasseContract, Envelope } from './contract';

type Data = Record<string, string | boolean | number | undefined> & {
  conversations?: Array<Record<string, string | number>>;
};

const when = (iso: unknown) =>
  new Date(String(iso)).toLocaleString('en-GB', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

export function advice(envelope: Envelope, contract: AkasseContract): string {
  const d = envelope.data as Data;
  const member = `member ${envelope.subject}`;
  const type = `${contract.meaning('ConversationType', d.conversationType).split(':')[0]} (type ${d.conversationType})`;
  switch (envelope.type) {
    case 'akasse.deadline-missed': {
      const consequence =
        d.consequence === 'DEREGISTRATION'
          ? `deregistered as jobseeker from ${d.deregisteredFrom}: no dagpenge until the member registers again`
          : contract.meaning('MissedDeadlineConsequence', d.consequence);
      return `ACT  assess availability (rådighed): ${member} missed the self-booking deadline of ${d.deadlineDate} for a ${type} at jobcenter ${d.jobcenterCode}; ${consequence}.`;
    }
    case 'akasse.no-show':
      return `ACT  assess availability (rådighed): ${member} did not show up for a ${type} on ${when(d.meetingStartsAt)}, held by ${contract.meaning('ConversationHolder', d.heldBy)}; dagpenge are lost from then until the member contacts them.`;
    case 'akasse.meeting-cancelled': {
      const what = `${member} ${d.rebooked ? 'moved (rebooked)' : 'cancelled (afbud)'} a ${type} of ${when(d.meetingStartsAt)} at jobcenter ${d.jobcenterCode}`;
      if (d.legitimateReason)
        return `ACT  check the reason given: ${what}, giving "${contract.meaning('LegitimateCancellationReason', d.legitimateReason)}" (${d.legitimateReason}).`;
      if (d.rebooked) return `NOTE ${what}; a new meeting replaces it, no legitimate reason given.`;
      return `ACT  the day counts against dagpenge: ${what} without a legitimate reason.`;
    }
    case 'akasse.citizen-deregistered':
      return `ACT  stop dagpenge from ${d.deregisteredFrom} until the member registers again: ${member} was deregistered as jobseeker (${contract.meaning('DeregistrationReason', d.reason)})${d.deadlineId ? `, deadline ${d.deadlineId}` : ''}.`;
    case 'schedule.calculated': {
      const conversations = d.conversations ?? [];
      const overdue = conversations.filter((c) => c.status === 'OVERDUE').length;
      const next = conversations.find((c) => c.status === 'DUE' || c.status === 'UPCOMING');
      return `NOTE ${member}'s schedule was calculated: ${conversations.length} conversation(s)${overdue ? `, ${overdue} OVERDUE (${contract.meaning('ConversationStatus', 'OVERDUE')})` : ''}${
        next
          ? `; next: ${contract.meaning('ConversationType', next.type).split(':')[0]} (type ${next.type}) by ${next.guidingDate}, held by ${next.heldBy}`
          : ''
      }.`;
    }
    default:
      // Described on the channel but not handled here: a newer document than this code knows.
      return `NOTE ${envelope.type} v${envelope.version} about ${member}: valid, but this consumer has no advice for it yet.`;
  }
}
