import { describe, expect, it } from "vitest";
import { columnsFromSettings, settingsFromLabels, settingsFromRow, settingsHash, watchedMetrics } from "./rule-settings";

const labels = {
  cpu: { max: 70, min: 20 },
  internetInRate: { max: 2048 },
  step: 2,
  minInstances: 1,
  maxInstances: 6,
  windowSeconds: 10,
  cooldownSeconds: 60,
  scaleInCooldownSeconds: 180,
  breaches: 2,
};

describe("rule settings", () => {
  it("maps the labels' metric names to the API's, and back and forth through the columns", () => {
    const settings = settingsFromLabels(labels);
    expect(settings.thresholds).toEqual({
      cpu: { max: 70, min: 20 },
      memory: { max: null, min: null },
      inRate: { max: 2048, min: null },
      outRate: { max: null, min: null },
    });
    expect(columnsFromSettings(settings)).toMatchObject({
      maxCpu: 70,
      minCpu: 20,
      maxInRate: 2048,
      minInRate: null,
      maxOutRate: null,
      step: 2,
      breaches: 2,
    });
    expect(settingsFromRow(columnsFromSettings(settings))).toEqual(settings);
    expect(watchedMetrics(settings)).toEqual(["cpu", "inRate"]);
  });

  it("hashes the same rule the same way, and any change differently", () => {
    const hash = settingsHash(settingsFromLabels(labels));
    expect(settingsHash(settingsFromLabels({ ...labels }))).toBe(hash);
    expect(settingsHash(settingsFromLabels({ ...labels, cooldownSeconds: 61 }))).not.toBe(hash);
    expect(settingsHash(settingsFromLabels({ ...labels, cpu: { max: 70 } }))).not.toBe(hash);
  });
});
