import { slotState } from './staff-views.usecase';

const booking = {
  id: 'b',
  citizen_id: 'c',
  conversation_type: 7,
  format: 'PHONE',
  status: 'BOOKED' as const,
  booked_by_role: 'CITIZEN',
  self_booked: true,
};
const state = (capacity: number, booked: number, held: number, status = 'OPEN') =>
  slotState({ s: { status, capacity }, bookings: Array(booked).fill(booking), held });

describe("a slot's state in the staff week view", () => {
  it('one seat: free, reserved while a reservation holds it, booked', () => {
    expect(state(1, 0, 0)).toBe('FREE');
    expect(state(1, 0, 1)).toBe('RESERVED');
    expect(state(1, 1, 0)).toBe('BOOKED');
  });

  it('a group slot is FREE while a seat is left, whatever is booked; RESERVED when reservations hold the rest', () => {
    expect(state(3, 2, 0)).toBe('FREE');
    expect(state(3, 2, 1)).toBe('RESERVED');
    expect(state(3, 3, 0)).toBe('BOOKED');
  });

  it('withdrawn whatever it held', () => {
    expect(state(1, 0, 0, 'WITHDRAWN')).toBe('WITHDRAWN');
    expect(state(2, 2, 0, 'WITHDRAWN')).toBe('WITHDRAWN');
  });
});
