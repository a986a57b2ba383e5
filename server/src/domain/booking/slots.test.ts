import { describe, expect, it } from "vitest";
import {
  formatSlot,
  isValidSlot,
  isValidTimezone,
  nextFreeSlots,
  validateWeeklyHours,
  type BookableResource,
  type Slot,
  type WeeklyHours,
} from "./slots.js";

const d = (iso: string): Date => new Date(iso);
const starts = (slots: Slot[]): string[] =>
  slots.map((s) => s.start.toISOString());
const ends = (slots: Slot[]): string[] => slots.map((s) => s.end.toISOString());

const officeHours: WeeklyHours = {
  mon: [
    ["09:00", "12:00"],
    ["13:00", "17:00"],
  ],
  tue: [
    ["09:00", "12:00"],
    ["13:00", "17:00"],
  ],
  wed: [
    ["09:00", "12:00"],
    ["13:00", "17:00"],
  ],
  thu: [
    ["09:00", "12:00"],
    ["13:00", "17:00"],
  ],
  fri: [
    ["09:00", "12:00"],
    ["13:00", "17:00"],
  ],
};
const london: BookableResource = {
  timezone: "Europe/London",
  slotMinutes: 30,
  weeklyHours: officeHours,
};

describe("nextFreeSlots", () => {
  it("offers the next aligned slots after a `now` in the middle of an interval (Europe/London, GMT)", () => {
    // Mon 24 Nov 2025, 10:10 in London (GMT = UTC)
    const slots = nextFreeSlots(london, d("2025-11-24T10:10:00Z"), [], 5);
    expect(starts(slots)).toEqual([
      "2025-11-24T10:30:00.000Z",
      "2025-11-24T11:00:00.000Z",
      "2025-11-24T11:30:00.000Z",
      // lunch break 12:00-13:00 skipped
      "2025-11-24T13:00:00.000Z",
      "2025-11-24T13:30:00.000Z",
    ]);
    expect(ends(slots)[0]).toBe("2025-11-24T11:00:00.000Z");
  });

  it("computes in local time during British Summer Time", () => {
    // Mon 15 Jun 2026, 08:00 BST (UTC+1): 09:00 BST = 08:00Z
    const slots = nextFreeSlots(
      { ...london, slotMinutes: 60 },
      d("2026-06-15T07:00:00Z"),
      [],
      4,
    );
    expect(starts(slots)).toEqual([
      "2026-06-15T08:00:00.000Z",
      "2026-06-15T09:00:00.000Z",
      "2026-06-15T10:00:00.000Z",
      "2026-06-15T12:00:00.000Z",
    ]);
  });

  it("handles America/New_York hours and skips days without hours", () => {
    const ny: BookableResource = {
      timezone: "America/New_York",
      slotMinutes: 60,
      weeklyHours: { mon: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] },
    };
    // Fri 9 Jan 2026, 15:30 EST (UTC-5)
    const slots = nextFreeSlots(ny, d("2026-01-09T20:30:00Z"), [], 3);
    expect(starts(slots)).toEqual([
      "2026-01-09T21:00:00.000Z", // Fri 16:00 EST, ends exactly at 17:00
      "2026-01-12T14:00:00.000Z", // Mon 09:00 EST
      "2026-01-12T15:00:00.000Z",
    ]);
    expect(ends(slots)[0]).toBe("2026-01-09T22:00:00.000Z");
  });

  it("is strictly after now and honours minNoticeMinutes", () => {
    expect(
      starts(nextFreeSlots(london, d("2025-11-24T10:30:00Z"), [], 1)),
    ).toEqual(["2025-11-24T11:00:00.000Z"]);
    const withNotice = { ...london, minNoticeMinutes: 60 };
    expect(
      starts(nextFreeSlots(withNotice, d("2025-11-24T10:10:00Z"), [], 2)),
    ).toEqual(["2025-11-24T11:30:00.000Z", "2025-11-24T13:00:00.000Z"]);
  });

  it("skips taken slots (compared by epoch ms)", () => {
    const taken = [
      d("2025-11-24T10:30:00.000Z"),
      d("2025-11-24T13:00:00Z"),
      d("2025-11-24T10:45:00Z"),
    ];
    expect(
      starts(nextFreeSlots(london, d("2025-11-24T10:10:00Z"), taken, 4)),
    ).toEqual([
      "2025-11-24T11:00:00.000Z",
      "2025-11-24T11:30:00.000Z",
      "2025-11-24T13:30:00.000Z",
      "2025-11-24T14:00:00.000Z",
    ]);
  });

  it("returns fewer slots than requested when the horizon runs out", () => {
    const res: BookableResource = {
      timezone: "Europe/London",
      slotMinutes: 30,
      weeklyHours: { mon: [["09:00", "10:00"]] },
      horizonDays: 7,
    };
    const now = d("2025-11-24T00:00:00Z"); // horizon ends Mon 1 Dec 00:00, before that day's hours
    expect(starts(nextFreeSlots(res, now, [], 10))).toEqual([
      "2025-11-24T09:00:00.000Z",
      "2025-11-24T09:30:00.000Z",
    ]);
    expect(
      starts(nextFreeSlots({ ...res, horizonDays: 8 }, now, [], 10)),
    ).toEqual([
      "2025-11-24T09:00:00.000Z",
      "2025-11-24T09:30:00.000Z",
      "2025-12-01T09:00:00.000Z",
      "2025-12-01T09:30:00.000Z",
    ]);
    expect(nextFreeSlots({ ...res, horizonDays: 0 }, now, [], 10)).toEqual([]);
    expect(nextFreeSlots(res, now, [], 0)).toEqual([]);
  });

  it("does not offer a slot that does not fit at the end of an interval", () => {
    const res: BookableResource = {
      timezone: "Europe/London",
      slotMinutes: 50,
      weeklyHours: { mon: [["09:00", "12:00"]] },
    };
    const slots = nextFreeSlots(res, d("2025-11-24T08:00:00Z"), [], 4);
    expect(starts(slots)).toEqual([
      "2025-11-24T09:00:00.000Z",
      "2025-11-24T09:50:00.000Z",
      "2025-11-24T10:40:00.000Z", // ends 11:30; 11:30-12:20 would overflow
      "2025-12-01T09:00:00.000Z",
    ]);
  });

  it('accepts "24:00" as the end of the day', () => {
    const res: BookableResource = {
      timezone: "Europe/London",
      slotMinutes: 60,
      weeklyHours: { sun: [["22:00", "24:00"]] },
    };
    expect(
      starts(nextFreeSlots(res, d("2025-11-23T12:00:00Z"), [], 2)),
    ).toEqual(["2025-11-23T22:00:00.000Z", "2025-11-23T23:00:00.000Z"]);
  });

  describe("DST in America/New_York", () => {
    const night = (slotMinutes: number): BookableResource => ({
      timezone: "America/New_York",
      slotMinutes,
      weeklyHours: { sun: [["01:00", "04:00"]] },
      horizonDays: 6,
    });

    it("spring forward (2026-03-08): the nonexistent 02:xx wall times are skipped", () => {
      const slots = nextFreeSlots(night(30), d("2026-03-07T12:00:00Z"), [], 10);
      expect(starts(slots)).toEqual([
        "2026-03-08T06:00:00.000Z", // 01:00 EST
        "2026-03-08T06:30:00.000Z", // 01:30 EST
        "2026-03-08T07:00:00.000Z", // 03:00 EDT
        "2026-03-08T07:30:00.000Z", // 03:30 EDT, ends 04:00 EDT
      ]);
      expect(ends(slots)).toEqual([
        "2026-03-08T06:30:00.000Z",
        "2026-03-08T07:00:00.000Z",
        "2026-03-08T07:30:00.000Z",
        "2026-03-08T08:00:00.000Z",
      ]);
      expect(slots.map((s) => formatSlot(s, "America/New_York"))).toEqual([
        "Sun 8 Mar, 01:00",
        "Sun 8 Mar, 01:30",
        "Sun 8 Mar, 03:00",
        "Sun 8 Mar, 03:30",
      ]);
    });

    it("fall back (2026-11-01): the repeated 01:xx hour is offered once (first occurrence)", () => {
      const hourly = nextFreeSlots(
        night(60),
        d("2026-10-31T12:00:00Z"),
        [],
        10,
      );
      expect(starts(hourly)).toEqual([
        "2026-11-01T05:00:00.000Z", // 01:00 EDT
        "2026-11-01T07:00:00.000Z", // 02:00 EST
        "2026-11-01T08:00:00.000Z", // 03:00 EST, ends 04:00 EST
      ]);
      expect(ends(hourly)).toEqual([
        "2026-11-01T06:00:00.000Z",
        "2026-11-01T08:00:00.000Z",
        "2026-11-01T09:00:00.000Z",
      ]);

      const halfHourly = nextFreeSlots(
        night(30),
        d("2026-10-31T12:00:00Z"),
        [],
        10,
      );
      expect(starts(halfHourly)).toEqual([
        "2026-11-01T05:00:00.000Z",
        "2026-11-01T05:30:00.000Z",
        "2026-11-01T07:00:00.000Z",
        "2026-11-01T07:30:00.000Z",
        "2026-11-01T08:00:00.000Z",
        "2026-11-01T08:30:00.000Z",
      ]);
      const labels = halfHourly.map((s) => formatSlot(s, "America/New_York"));
      expect(labels).toEqual([
        "Sun 1 Nov, 01:00",
        "Sun 1 Nov, 01:30",
        "Sun 1 Nov, 02:00",
        "Sun 1 Nov, 02:30",
        "Sun 1 Nov, 03:00",
        "Sun 1 Nov, 03:30",
      ]);
    });

    it("isValidSlot agrees with the DST handling", () => {
      expect(
        isValidSlot(
          night(60),
          d("2026-10-31T12:00:00Z"),
          d("2026-11-01T05:00:00Z"),
        ),
      ).toBe(true);
      expect(
        isValidSlot(
          night(60),
          d("2026-10-31T12:00:00Z"),
          d("2026-11-01T06:00:00Z"),
        ),
      ).toBe(false); // 2nd 01:00
      expect(
        isValidSlot(
          night(30),
          d("2026-03-07T12:00:00Z"),
          d("2026-03-08T07:30:00Z"),
        ),
      ).toBe(true); // 03:30 EDT
    });
  });
});

describe("isValidSlot", () => {
  const now = d("2025-11-24T10:10:00Z");
  it("accepts an aligned slot inside the hours, even if taken (availability is checked at insert)", () => {
    expect(isValidSlot(london, now, d("2025-11-24T10:30:00Z"))).toBe(true);
    expect(isValidSlot(london, now, d("2025-11-28T16:30:00Z"))).toBe(true); // Fri last slot
  });
  it("rejects misaligned starts", () => {
    expect(isValidSlot(london, now, d("2025-11-24T10:45:00Z"))).toBe(false);
    expect(isValidSlot(london, now, d("2025-11-24T10:30:01Z"))).toBe(false);
  });
  it("rejects out-of-hours starts", () => {
    expect(isValidSlot(london, now, d("2025-11-24T12:00:00Z"))).toBe(false); // lunch
    expect(isValidSlot(london, now, d("2025-11-24T17:00:00Z"))).toBe(false); // closing time
    expect(isValidSlot(london, now, d("2025-11-29T10:00:00Z"))).toBe(false); // Saturday
  });
  it("rejects past starts, starts within the notice, and beyond the horizon", () => {
    expect(isValidSlot(london, now, d("2025-11-24T10:00:00Z"))).toBe(false);
    expect(isValidSlot(london, now, d("2025-11-21T10:00:00Z"))).toBe(false);
    expect(
      isValidSlot(
        { ...london, minNoticeMinutes: 60 },
        now,
        d("2025-11-24T11:00:00Z"),
      ),
    ).toBe(false);
    expect(
      isValidSlot(
        { ...london, minNoticeMinutes: 60 },
        now,
        d("2025-11-24T11:30:00Z"),
      ),
    ).toBe(true);
    expect(
      isValidSlot(
        { ...london, horizonDays: 3 },
        now,
        d("2025-11-27T10:00:00Z"),
      ),
    ).toBe(true);
    expect(
      isValidSlot(
        { ...london, horizonDays: 3 },
        now,
        d("2025-11-27T10:30:00Z"),
      ),
    ).toBe(false);
  });
  it("rejects a slot that would not fit and an invalid date", () => {
    const res: BookableResource = {
      timezone: "Europe/London",
      slotMinutes: 50,
      weeklyHours: { mon: [["09:00", "12:00"]] },
    };
    expect(
      isValidSlot(res, d("2025-11-24T08:00:00Z"), d("2025-11-24T10:40:00Z")),
    ).toBe(true);
    expect(
      isValidSlot(res, d("2025-11-24T08:00:00Z"), d("2025-11-24T11:30:00Z")),
    ).toBe(false);
    expect(
      isValidSlot(res, d("2025-11-24T08:00:00Z"), new Date(Number.NaN)),
    ).toBe(false);
  });
  it("throws on a misconfigured resource", () => {
    expect(() =>
      isValidSlot({ ...london, timezone: "Mars/Olympus" }, now, now),
    ).toThrow(RangeError);
    expect(() =>
      nextFreeSlots({ ...london, slotMinutes: 0 }, now, [], 1),
    ).toThrow(/slotMinutes/);
    expect(() =>
      nextFreeSlots(
        { ...london, weeklyHours: { mon: [["9:00", "12:00"]] } },
        now,
        [],
        1,
      ),
    ).toThrow(/weeklyHours\/mon\/0\/0/);
  });
});

describe("formatSlot", () => {
  const slot: Slot = {
    start: d("2025-11-24T09:00:00Z"),
    end: d("2025-11-24T09:30:00Z"),
  };
  it("formats in the resource zone and in a different contact zone", () => {
    expect(formatSlot(slot, "Europe/London")).toBe("Mon 24 Nov, 09:00");
    expect(formatSlot(slot, "Asia/Tokyo")).toBe("Mon 24 Nov, 18:00");
    expect(formatSlot(d("2025-11-24T16:30:00Z"), "Asia/Tokyo")).toBe(
      "Tue 25 Nov, 01:30",
    );
    expect(formatSlot(d("2026-06-15T08:00:00Z"), "Europe/London")).toBe(
      "Mon 15 Jun, 09:00",
    );
  });
  it("accepts a locale and rejects unknown zones", () => {
    expect(formatSlot(slot, "Europe/London", "fr")).toBe("lun. 24 nov., 09:00");
    expect(() => formatSlot(slot, "Not/AZone")).toThrow(RangeError);
  });
});

describe("isValidTimezone", () => {
  it("accepts IANA names only", () => {
    expect(isValidTimezone("Europe/London")).toBe(true);
    expect(isValidTimezone("America/New_York")).toBe(true);
    expect(isValidTimezone("UTC")).toBe(true);
    expect(isValidTimezone("Mars/Olympus")).toBe(false);
    expect(isValidTimezone("")).toBe(false);
  });
});

describe("validateWeeklyHours", () => {
  it("returns no problems for valid hours", () => {
    expect(validateWeeklyHours(officeHours)).toEqual([]);
    expect(validateWeeklyHours({})).toEqual([]);
    expect(
      validateWeeklyHours({
        sat: [
          ["10:00", "12:00"],
          ["12:00", "24:00"],
        ],
      }),
    ).toEqual([]); // adjacent is fine
  });
  it("reports end not after start", () => {
    expect(
      validateWeeklyHours({
        mon: [
          ["10:00", "09:00"],
          ["11:00", "11:00"],
        ],
      }),
    ).toEqual([
      "/mon/0: end 09:00 must be after start 10:00",
      "/mon/1: end 11:00 must be after start 11:00",
    ]);
  });
  it("reports overlaps", () => {
    expect(
      validateWeeklyHours({
        tue: [
          ["09:00", "12:00"],
          ["11:30", "13:00"],
          ["08:00", "20:00"],
        ],
      }),
    ).toEqual(["/tue/1: overlaps /tue/0", "/tue/2: overlaps /tue/0"]);
  });
  it("reports invalid HH:mm values", () => {
    expect(
      validateWeeklyHours({
        wed: [
          ["9:00", "12:00"],
          ["13:00", "25:00"],
          ["24:00", "24:00"],
          [9, "10:00"],
        ],
      }),
    ).toEqual([
      '/wed/0/0: invalid start time "9:00" (expected "HH:mm", 24h)',
      '/wed/1/1: invalid end time "25:00" (expected "HH:mm", 24h)',
      '/wed/2/0: invalid start time "24:00" (expected "HH:mm", 24h)',
      '/wed/3/0: invalid start time 9 (expected "HH:mm", 24h)',
    ]);
  });
  it("reports unknown weekday keys and malformed shapes", () => {
    expect(
      validateWeeklyHours({
        monday: [["09:00", "10:00"]],
        thu: "all day",
        fri: [["09:00"]],
      }),
    ).toEqual([
      "/monday: unknown weekday (expected one of mon, tue, wed, thu, fri, sat, sun)",
      '/thu: must be an array of ["HH:mm", "HH:mm"] intervals',
      '/fri/0: must be a ["HH:mm", "HH:mm"] pair',
    ]);
    expect(validateWeeklyHours(null)).toEqual([
      "/: must be an object mapping weekdays (mon…sun) to intervals",
    ]);
    expect(validateWeeklyHours([])).toEqual([
      "/: must be an object mapping weekdays (mon…sun) to intervals",
    ]);
  });
});
