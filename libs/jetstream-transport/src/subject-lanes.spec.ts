import { SubjectLanes, type LaneItem } from './subject-lanes.js';

const item = (key: string, seq: number): LaneItem => ({ key, seq });

const drain = (lanes: SubjectLanes<LaneItem>): LaneItem[] => {
  const out: LaneItem[] = [];
  for (let next = lanes.take(); next; next = lanes.take()) out.push(next);
  return out;
};

describe('SubjectLanes', () => {
  it('runs one item per key at a time, in sequence order, keys side by side', () => {
    const lanes = new SubjectLanes<LaneItem>();
    [item('a', 3), item('b', 2), item('a', 1)].forEach((i) => lanes.add(i));
    const first = drain(lanes);
    expect(first.map((i) => `${i.key}${i.seq}`)).toEqual(['a1', 'b2']);
    lanes.done(first[0]!);
    expect(drain(lanes).map((i) => `${i.key}${i.seq}`)).toEqual(['a3']);
  });

  it('holds a failed key until the failed item comes back, other keys keep going', () => {
    const lanes = new SubjectLanes<LaneItem>();
    lanes.add(item('a', 1));
    const failed = lanes.take()!;
    lanes.block(failed, Date.now() + 1000);
    lanes.add(item('a', 2));
    lanes.add(item('b', 3));
    expect(drain(lanes).map((i) => i.seq)).toEqual([3]);
    expect(lanes.isBlocked('a')).toBe(true);
    lanes.add(item('a', 1)); // the redelivery
    const again = drain(lanes);
    expect(again.map((i) => i.seq)).toEqual([1]);
    lanes.done(again[0]!);
    expect(drain(lanes).map((i) => i.seq)).toEqual([2]);
  });

  it('ignores a second copy of the running item and replaces a queued one', () => {
    const lanes = new SubjectLanes<LaneItem>();
    lanes.add(item('a', 1));
    lanes.add(item('a', 2));
    const running = lanes.take()!;
    lanes.add(item('a', 1));
    lanes.add(item('a', 2));
    expect(lanes.waiting()[0]?.items.map((i) => i.seq)).toEqual([2]);
    lanes.done(running);
    expect(drain(lanes).map((i) => i.seq)).toEqual([2]);
  });

  it('releases a key whose failed item never came back after the grace period', () => {
    const lanes = new SubjectLanes<LaneItem>();
    lanes.add(item('a', 1));
    lanes.block(lanes.take()!, 1000);
    lanes.add(item('a', 2));
    expect(lanes.releaseStale(1500, 1000)).toEqual([]);
    expect(lanes.releaseStale(2500, 1000)).toEqual(['a']);
    expect(drain(lanes).map((i) => i.seq)).toEqual([2]);
  });
});
