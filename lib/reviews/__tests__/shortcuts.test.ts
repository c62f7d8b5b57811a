import { describe, expect, it } from "vitest";
import { reviewActionForKey } from "../shortcuts";

describe("reviewActionForKey", () => {
  it("maps digits to choices", () => {
    expect(reviewActionForKey({ key: "1" })).toEqual({ type: "choose", choice: "first" });
    expect(reviewActionForKey({ key: "2" })).toEqual({ type: "choose", choice: "second" });
    expect(reviewActionForKey({ key: "3" })).toEqual({ type: "choose", choice: "both" });
    expect(reviewActionForKey({ key: "4" })).toEqual({ type: "choose", choice: "neither" });
  });

  it("maps letters to comment and next", () => {
    expect(reviewActionForKey({ key: "c" })).toEqual({ type: "comment" });
    expect(reviewActionForKey({ key: "n" })).toEqual({ type: "next" });
    expect(reviewActionForKey({ key: "j" })).toEqual({ type: "next" });
  });

  it("ignores modified and other keys", () => {
    expect(reviewActionForKey({ key: "1", ctrlKey: true })).toBeNull();
    expect(reviewActionForKey({ key: "c", metaKey: true })).toBeNull();
    expect(reviewActionForKey({ key: "5" })).toBeNull();
  });
});
