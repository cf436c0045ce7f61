using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DurableWrites.Bench;

/// <summary>What one run measured, as written to runtime.json (medians and spreads, not every sample).</summary>
internal sealed class RunResults
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public MachineInfo Machine { get; set; } = new();
    public string StartedUtc { get; set; } = "";
    public string FinishedUtc { get; set; } = "";
    public int Rounds { get; set; }

    /// <summary>The pause between warm-up and timing, in milliseconds (0 in runs made before it existed).</summary>
    public int PauseMs { get; set; }
    public bool Quick { get; set; }
    public string WorkDir { get; set; } = "";
    public double LoadBefore { get; set; }
    public double LoadAfter { get; set; }
    public double LoadMin { get; set; }
    public double LoadMax { get; set; }
    public List<ScenarioResult> Scenarios { get; set; } = new();
}

internal sealed class ScenarioResult
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public int ItemsPerOp { get; set; }
    public string ItemName { get; set; } = "";
    public int OpsPerRound { get; set; }
    public int Warmup { get; set; }
    public List<ImplementationResult> Results { get; set; } = new();
    public List<TargetResult> Targets { get; set; } = new();
}

internal sealed class ImplementationResult
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public bool? SyncsDirectory { get; set; }
    public string Note { get; set; } = "";
    public int Samples { get; set; }
    public double MedianNs { get; set; }
    public double P10Ns { get; set; }
    public double P90Ns { get; set; }
    public double MeanNs { get; set; }
    public double OpsPerSecond { get; set; }
    public double ItemsPerSecond { get; set; }
    public double RatioToLimit { get; set; }
    public double PairedRatioToLimit { get; set; }
}

internal sealed class TargetResult
{
    public string Text { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Baseline { get; set; } = "";
    public string Kind { get; set; } = "";
    public double Threshold { get; set; }
    public double Pooled { get; set; }
    public double Paired { get; set; }

    /// <summary>The 95% bootstrap interval of <see cref="Paired"/>, resampling rounds (absent in older runs).</summary>
    public double? PairedLow { get; set; }
    public double? PairedHigh { get; set; }
    public bool Met { get; set; }
}
