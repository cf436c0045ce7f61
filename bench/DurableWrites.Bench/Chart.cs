using System;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;

namespace DurableWrites.Bench;

/// <summary>
/// Draws runtime.svg from a run's results: per scenario, each implementation's median latency (with its p10–p90
/// range) and its throughput. Scales are linear and set by the durable implementations; a non-durable floor that
/// runs off the scale is clipped and marked with an arrow, its value printed.
/// </summary>
internal static class Chart
{
    private const int Width = 1140, LabelWidth = 460, PanelWidth = 290, Gap = 50, RowHeight = 22, HeaderHeight = 46;
    private const int LatencyX = LabelWidth + 10, ThroughputX = LatencyX + PanelWidth + Gap;

    public static string Render(RunResults results)
    {
        var body = new StringBuilder();
        int y = 40;
        foreach (ScenarioResult scenario in results.Scenarios)
        {
            y = Panel(body, scenario, y) + 18;
        }

        int height = y + 24;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">DurableWrites runtime vs the C limit and peers</text>\n");
        string subtitle = $"{results.Machine.Cpu}, {results.Machine.Cores} cores; {results.Machine.FileSystem} on {results.Machine.Device}; {results.Rounds} interleaved rounds; load {results.LoadMin:0.00}–{results.LoadMax:0.00}";
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 10}\" y=\"22\" text-anchor=\"end\" fill=\"#555\">{Escape(subtitle)}</text>\n");
        svg.Append(body);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{height - 8}\" fill=\"#777\" font-size=\"11\">Bars: median; whiskers: p10–p90; throughput = 1 / median latency. Blue: DurableWrites, grey: C limit, orange: peers, light: references. * skips the directory fsync.</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static int Panel(StringBuilder svg, ScenarioResult scenario, int top)
    {
        var durable = scenario.Results.Where(r => r.Note.Length == 0 || !r.Note.StartsWith("no fsync", StringComparison.Ordinal)).ToList();
        // Room to the right of the longest whisker for its label.
        double latencyMax = NiceCeiling(1.25 * durable.Max(r => r.P90Ns) / 1e6);
        double rateMax = NiceCeiling(durable.Max(r => r.ItemsPerSecond));
        string unit = scenario.ItemName == "op" ? "ops/s" : scenario.ItemName + "s/s";

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{top + 14}\" font-size=\"14\" font-weight=\"bold\">{Escape(scenario.Title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LatencyX}\" y=\"{top + 34}\" fill=\"#333\">median latency, ms (0–{Num(latencyMax)})</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{ThroughputX}\" y=\"{top + 34}\" fill=\"#333\">throughput, {unit} (0–{Num(rateMax)})</text>\n");
        int y = top + HeaderHeight;
        Grid(svg, LatencyX, y, scenario.Results.Count);
        Grid(svg, ThroughputX, y, scenario.Results.Count);
        foreach (ImplementationResult r in scenario.Results)
        {
            string color = r.Role switch { "Ours" => "#1f77b4", "Limit" => "#555555", "Peer" => "#ff7f0e", _ => "#b9b9b9" };
            string label = r.Name + (r.SyncsDirectory == false && r.Role == "Peer" ? " *" : "");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth}\" y=\"{y + 15}\" text-anchor=\"end\">{Escape(label)}</text>\n");

            double latency = r.MedianNs / 1e6;
            double low = Math.Min(r.P10Ns / 1e6 / latencyMax, 1), high = Math.Min(r.P90Ns / 1e6 / latencyMax, 1);
            Bar(svg, LatencyX, y, latency / latencyMax, color, Format.Duration(r.MedianNs), high);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LatencyX + low * PanelWidth:0.0}\" x2=\"{LatencyX + high * PanelWidth:0.0}\" y1=\"{y + 11}\" y2=\"{y + 11}\" stroke=\"#222\" stroke-width=\"1\"/>\n");

            Bar(svg, ThroughputX, y, r.ItemsPerSecond / rateMax, color, Format.Rate(r.ItemsPerSecond), 0);
            y += RowHeight;
        }

        return y;
    }

    private static void Grid(StringBuilder svg, int x, int y, int rows)
    {
        for (int i = 0; i <= 4; i++)
        {
            double gx = x + PanelWidth * i / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{gx:0.0}\" x2=\"{gx:0.0}\" y1=\"{y}\" y2=\"{y + rows * RowHeight}\" stroke=\"#e4e4e4\"/>\n");
        }
    }

    /// <summary>A bar of <paramref name="fraction"/> of the panel, labelled after it (or after a whisker ending at <paramref name="labelAfter"/>).</summary>
    private static void Bar(StringBuilder svg, int x, int y, double fraction, string color, string value, double labelAfter)
    {
        bool clipped = fraction > 1;
        double width = Math.Max(1, Math.Min(fraction, 1) * PanelWidth);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y + 4}\" width=\"{width:0.0}\" height=\"14\" fill=\"{color}\"/>\n");
        if (clipped)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x + width:0.0},{y + 4} l8,7 l-8,7 z\" fill=\"{color}\"/>\n");
        }

        double textX = clipped ? x + width + 12 : x + Math.Max(width, labelAfter * PanelWidth) + 4;
        if (textX > x + PanelWidth - 40)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + width - 4:0.0}\" y=\"{y + 15}\" text-anchor=\"end\" fill=\"#ffffff\" font-size=\"11\">{Escape(value)}</text>\n");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{textX:0.0}\" y=\"{y + 15}\" font-size=\"11\">{Escape(value)}</text>\n");
        }
    }

    /// <summary>1, 2 or 5 times a power of ten, at or above <paramref name="value"/>.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Num(double value) => value.ToString(value >= 100 ? "#,0" : "0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
