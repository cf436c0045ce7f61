using System.Text.Json;
using DurableWrites;

namespace CommentStore;

public sealed record SiteSettings(string Title, bool Moderation, int MaxLength);

/// <summary>The site's settings, rewritten whenever an administrator changes them.</summary>
public sealed class SettingsFile
{
    private readonly string _path;

    public SettingsFile(string root) => _path = Path.Combine(root, "settings.json");

    public SiteSettings Load() =>
        File.Exists(_path)
            ? JsonSerializer.Deserialize<SiteSettings>(File.ReadAllText(_path)) ?? Defaults
            : Defaults;

    /// <summary>"Atomic" save: write a temporary file, then rename it over the settings.</summary>
    public void Save(SiteSettings settings)
    {
        string temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(settings));
        DurableFile.Move(temp, _path, overwrite: true);
    }

    /// <summary>Records when the settings were last changed, beside them.</summary>
    public void Touch() => DurableFile.WriteAllText(_path + ".stamp", DateTime.UtcNow.ToString("o"));

    private static SiteSettings Defaults => new("Comments", Moderation: true, MaxLength: 2000);
}
