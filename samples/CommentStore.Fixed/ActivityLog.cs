using DurableWrites;

namespace CommentStore;

/// <summary>One line per event, appended.</summary>
public sealed class ActivityLog
{
    private readonly string _path;

    public ActivityLog(string root) => _path = Path.Combine(root, "activity.log");

    public void Append(string message) => DurableFile.AppendAllText(_path, $"{DateTime.UtcNow:o} {message}\n");
}
