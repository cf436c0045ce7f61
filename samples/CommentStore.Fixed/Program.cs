using CommentStore;

// Usage: CommentStore <data-directory> <command> [arguments]
//   add <author> <text>     store a new comment (prints its id)
//   approve <id>            move a comment from pending to approved
//   remove <id>             delete an approved comment
//   settings <title>        rewrite the settings file
//   export                  write export.json
//   list                    print the approved comments
// Prints ACK once the command has returned: from then on, what it stored must survive a crash or power cut.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CommentStore <data-directory> <command> [arguments]");
    return 2;
}

string root = args[0];
Directory.CreateDirectory(root);
var log = new ActivityLog(root);
var comments = new Comments(root, log);
var settings = new SettingsFile(root);
var page = new PageCache(root);

switch (args[1])
{
    case "add":
        Console.WriteLine(comments.Add(args[2], args[3]));
        break;
    case "approve":
        comments.Approve(args[2]);
        page.Rebuild(comments);
        break;
    case "remove":
        comments.Remove(args[2]);
        page.Rebuild(comments);
        break;
    case "settings":
        settings.Save(settings.Load() with { Title = args[2] });
        settings.Touch();
        break;
    case "export":
        Console.WriteLine(Export.Run(comments, root));
        break;
    case "list":
        foreach (var (id, author, text) in comments.Approved())
        {
            Console.WriteLine($"{id} {author}: {text}");
        }

        break;
    default:
        Console.Error.WriteLine($"unknown command '{args[1]}'");
        return 2;
}

Console.WriteLine("ACK");
return 0;
