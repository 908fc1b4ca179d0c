"use client";
/** Expected best validation score against the number of hyperparameter trials (Dodge et al. 2019). */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function TrialsChart({ curve }: { curve: { trials: number; expectedMax: number }[] }) {
  return (
    <div
      className="h-64 w-full"
      role="img"
      aria-label={`Expected best validation score rises from ${curve[0]?.expectedMax.toFixed(3)} with one trial to ${curve.at(-1)?.expectedMax.toFixed(3)} with ${curve.length}.`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={curve} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d6d3d1" />
          <XAxis
            dataKey="trials"
            type="number"
            domain={[1, "dataMax"]}
            tick={{ fill: "currentColor" }}
            label={{ value: "trials", position: "insideBottom", offset: -12, fill: "currentColor" }}
          />
          <YAxis
            domain={["auto", "auto"]}
            width={56}
            tick={{ fill: "currentColor" }}
            tickFormatter={(v: number) => v.toFixed(3)}
          />
          <Tooltip
            wrapperClassName="text-stone-900"
            formatter={(value: unknown) => (typeof value === "number" ? value.toFixed(4) : String(value))}
          />
          <Line
            type="monotone"
            dataKey="expectedMax"
            name="expected best score"
            stroke="#15803d"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
