import { akasseTopic, dlqTopic, INTERNAL_TOPICS, jobcenterTopic, Topics } from './topics';

describe('topics', () => {
  it('has one internal topic per aggregate', () => {
    expect(INTERNAL_TOPICS).toEqual([
      'selvbook.citizen.v1',
      'selvbook.schedule.v1',
      'selvbook.deadline.v1',
      'selvbook.booking.v1',
      'selvbook.notification.v1',
    ]);
    expect(Topics.booking).toBe('selvbook.booking.v1');
  });

  it('builds recipient topics', () => {
    expect(akasseTopic('3f')).toBe('selvbook.akasse.3f.v1');
    expect(jobcenterTopic('10101')).toBe('selvbook.jobcenter.10101.v1');
  });

  it.each(['../x', '', 'a.b', 'a/b', 'A', 'x'.repeat(41), '010190-1234', '*'])('akasseTopic refuses %p', (id) => {
    expect(() => akasseTopic(id)).toThrow(/invalid akasseId/);
  });

  it.each(['../x', '1010', '101010', 'abcde', '', '10101.x'])('jobcenterTopic refuses %p', (code) => {
    expect(() => jobcenterTopic(code)).toThrow(/invalid jobcenterCode/);
  });

  it('names dead-letter topics', () => {
    expect(dlqTopic(Topics.booking)).toBe('selvbook.booking.v1.dlq');
    expect(() => dlqTopic('selvbook.booking.v1.dlq')).toThrow();
    expect(() => dlqTopic('bad topic')).toThrow();
  });
});
