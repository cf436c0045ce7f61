using System.Net;
using System.Text;

namespace CommentStore;

/// <summary>
/// The approved comments rendered as one page for the web server to send. It is rebuilt from approved/ after every
/// change, so losing it in a crash costs nothing: samples/.editorconfig lists cache/ in durable_writes.non_durable_paths.
/// </summary>
public sealed class PageCache
{
    private readonly string _root;

    public PageCache(string root)
    {
        _root = root;
        Directory.CreateDirectory(Path.Combine(root, "cache"));
    }

    public void Rebuild(Comments comments)
    {
        var page = new StringBuilder("<ul>\n");
        foreach (var (id, author, text) in comments.Approved())
        {
            page.Append($"  <li id=\"{id}\"><b>{WebUtility.HtmlEncode(author)}</b> {WebUtility.HtmlEncode(text)}</li>\n");
        }

        File.WriteAllText(Path.Combine(_root, "cache", "approved.html"), page.Append("</ul>\n").ToString());
    }
}
