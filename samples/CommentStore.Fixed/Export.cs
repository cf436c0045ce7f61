using System.Diagnostics;
using System.Text.Json;
using DurableWrites;

namespace CommentStore;

/// <summary>Writes every approved comment to one JSON file for a backup job to pick up.</summary>
public static class Export
{
    public static string Run(Comments comments, string root)
    {
        string path = Path.Combine(root, "export.json");
        using (FileStream stream = File.Create(path))
        {
            JsonSerializer.Serialize(stream, comments.Approved().Select(c => new { c.Id, c.Author, c.Text }).ToList());
        }

        // Make sure the backup job sees it, even after a power cut.
        DurableFile.Sync(path);
        return path;
    }
}
