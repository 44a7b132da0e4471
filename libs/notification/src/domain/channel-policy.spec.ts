import { ConversationType, Language, NotificationChannel as C, NotificationKind as K } from '@selvbook/contracts';
import { channelsFor, isAkasseMeeting } from './channel-policy';

const all = { email: 'a@example.dk', phone: '+4512345678', digitalPostEnabled: true, language: Language.DA };

describe('channel policy', () => {
  it('letters go to Digital Post, receipts with a calendar file to e-mail, reminders also by SMS', () => {
    expect(channelsFor(K.DEADLINE_GIVEN, all)).toEqual([C.DIGITAL_POST]);
    expect(channelsFor(K.BOOKING_RECEIPT, all)).toEqual([C.EMAIL]);
    expect(channelsFor(K.BOOKING_CANCELLED, all)).toEqual([C.EMAIL]);
    expect(channelsFor(K.MEETING_REMINDER, all)).toEqual([C.DIGITAL_POST, C.SMS]);
    expect(channelsFor(K.DEADLINE_MISSED, all)).toEqual([C.DIGITAL_POST, C.SMS]);
  });

  it('falls back to what the citizen has, and to nothing digital when there is nothing', () => {
    expect(channelsFor(K.DEADLINE_GIVEN, { ...all, digitalPostEnabled: false })).toEqual([C.EMAIL]);
    expect(channelsFor(K.BOOKING_RECEIPT, { ...all, email: undefined })).toEqual([C.DIGITAL_POST]);
    expect(
      channelsFor(K.DEADLINE_GIVEN, { phone: '+4512345678', digitalPostEnabled: false, language: Language.EN }),
    ).toEqual([C.SMS]);
    expect(channelsFor(K.DEADLINE_GIVEN, { digitalPostEnabled: false, language: Language.DA })).toEqual([]);
  });

  it('RULES §5 [F:S24]: no receipts for a-kasse meetings', () => {
    expect(isAkasseMeeting(ConversationType.CV_CONVERSATION)).toBe(true);
    expect(isAkasseMeeting(ConversationType.AVAILABILITY_CONVERSATION)).toBe(true);
    expect(isAkasseMeeting(ConversationType.JOB_CONVERSATION)).toBe(false);
    expect(isAkasseMeeting(ConversationType.JOINT_CONVERSATION)).toBe(false);
  });
});
