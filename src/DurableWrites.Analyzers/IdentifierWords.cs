namespace DurableWrites.Analyzers;

/// <summary>The words of an identifier, split at underscores and lower-to-upper case changes: <c>parentDir_fd</c> is parent, dir, fd.</summary>
internal static class IdentifierWords
{
    /// <summary>Whether one of the identifier's words is one of <paramref name="words"/> (given in lower case).</summary>
    public static bool Contains(string identifier, params string[] words)
    {
        int start = 0;
        for (int i = 1; i <= identifier.Length; i++)
        {
            bool boundary = i == identifier.Length || identifier[i] == '_' || char.IsUpper(identifier[i]) && char.IsLower(identifier[i - 1]);
            if (!boundary)
            {
                continue;
            }

            string word = identifier.Substring(start, i - start).Trim('_').ToLowerInvariant();
            foreach (string candidate in words)
            {
                if (word == candidate)
                {
                    return true;
                }
            }

            start = i;
        }

        return false;
    }
}
