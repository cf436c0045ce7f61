using System.Text;
using DurableWrites;

namespace CommentStore;

/// <summary>Keeps each comment in its own file: pending/ until a moderator approves it, then approved/.</summary>
public sealed class Comments
{
    private readonly string _pending;
    private readonly string _approved;
    private readonly ActivityLog _log;

    public Comments(string root, ActivityLog log)
    {
        _pending = Path.Combine(root, "pending");
        _approved = Path.Combine(root, "approved");
        Directory.CreateDirectory(_pending);
        Directory.CreateDirectory(_approved);
        _log = log;
    }

    public string Add(string author, string text)
    {
        string id = DateTime.UtcNow.ToString("yyyyMMddHHmmssfffffff") + "-" + Guid.NewGuid().ToString("N")[..8];
        string path = Path.Combine(_pending, id + ".comment");
        using (var stream = new DurableFileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream, Encoding.UTF8))
        {
            writer.WriteLine(author);
            writer.Write(text);
        }

        _log.Append($"added {id} by {author}");
        return id;
    }

    public void Approve(string id)
    {
        DurableFile.Move(Path.Combine(_pending, id + ".comment"), Path.Combine(_approved, id + ".comment"));
        _log.Append($"approved {id}");
    }

    public void Remove(string id)
    {
        File.Delete(Path.Combine(_approved, id + ".comment"));
        _log.Append($"removed {id}");
    }

    public IEnumerable<(string Id, string Author, string Text)> Approved()
    {
        foreach (string file in Directory.EnumerateFiles(_approved, "*.comment").Order())
        {
            string[] lines = File.ReadAllLines(file);
            yield return (Path.GetFileNameWithoutExtension(file), lines.FirstOrDefault() ?? "", string.Join('\n', lines.Skip(1)));
        }
    }
}
