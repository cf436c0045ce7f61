using System;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

/// <summary>The native function a static extern (<c>[DllImport]</c>) or static partial (<c>[LibraryImport]</c>) method binds to.</summary>
internal static class NativeImport
{
    /// <summary>The entry point <paramref name="method"/> calls in the C library (libc, libSystem), or null when it is not such an import.</summary>
    public static string? LibcEntryPoint(IMethodSymbol method, KnownSymbols symbols) =>
        Of(method, symbols) is { } import && IsLibc(import.Library) ? import.EntryPoint : null;

    /// <summary>True when <paramref name="method"/> flushes a descriptor or handle to the device: libc's fsync or fdatasync, Windows' FlushFileBuffers.</summary>
    public static bool IsFileFlush(IMethodSymbol method, KnownSymbols symbols)
    {
        if (Of(method, symbols) is not { } import)
        {
            return false;
        }

        return IsLibc(import.Library) ? import.EntryPoint is "fsync" or "fdatasync"
            : import.EntryPoint == "FlushFileBuffers" && import.Library.StartsWith("kernel32", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A rename through the C library or Windows: libc's <c>rename(old, new)</c>, kernel32's <c>MoveFile(existing, new)</c>,
    /// <c>MoveFileEx(existing, new, flags)</c> and <c>ReplaceFile(replaced, replacement, …)</c>; null for any other method.
    /// </summary>
    public static NativeRename? Rename(IMethodSymbol method, KnownSymbols symbols)
    {
        if (method.Name == "rename" && KnownSymbols.Is(method.ContainingType, symbols.MonoSyscall) && method.Parameters.Length == 2)
        {
            return new NativeRename(false, 0, 1, -1);
        }

        if (Of(method, symbols) is not { } import)
        {
            return null;
        }

        string entryPoint = import.EntryPoint;
        if (IsLibc(import.Library))
        {
            return entryPoint == "rename" && method.Parameters.Length == 2 ? new NativeRename(false, 0, 1, -1) : null;
        }

        if (!import.Library.StartsWith("kernel32", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // The A and W suffixes name the ANSI and UTF-16 forms of the same function.
        if (entryPoint.EndsWith("A", StringComparison.Ordinal) || entryPoint.EndsWith("W", StringComparison.Ordinal))
        {
            entryPoint = entryPoint.Substring(0, entryPoint.Length - 1);
        }

        return entryPoint switch
        {
            "MoveFile" when method.Parameters.Length == 2 => new NativeRename(false, 0, 1, -1),
            "MoveFileEx" when method.Parameters.Length == 3 => new NativeRename(false, 0, 1, 2),
            "ReplaceFile" when method.Parameters.Length >= 2 => new NativeRename(true, 1, 0, -1),
            _ => null,
        };
    }

    private static (string Library, string EntryPoint)? Of(IMethodSymbol method, KnownSymbols symbols)
    {
        if (!method.IsStatic)
        {
            return null;
        }

        if (method.IsExtern && method.GetDllImportData() is { ModuleName: { } module } import)
        {
            return (module, import.EntryPointName ?? method.Name);
        }

        if (symbols.LibraryImportAttribute is null || !method.IsPartialDefinition && method.PartialDefinitionPart is null)
        {
            return null;
        }

        IMethodSymbol definition = method.PartialDefinitionPart ?? method;
        foreach (AttributeData attribute in definition.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, symbols.LibraryImportAttribute)
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string library)
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "EntryPoint" && named.Value.Value is string entryPoint)
                    {
                        return (library, entryPoint);
                    }
                }

                return (library, method.Name);
            }
        }

        return null;
    }

    private static bool IsLibc(string library)
    {
        string file = library.Substring(library.LastIndexOf('/') + 1);
        return file == "c" || file.StartsWith("libc", StringComparison.Ordinal) && !file.StartsWith("libcrypto", StringComparison.Ordinal)
            || file.StartsWith("libSystem", StringComparison.Ordinal);
    }
}

/// <summary>Where a native rename's paths are among its parameters; <see cref="Flags"/> is -1 when it takes none.</summary>
internal sealed class NativeRename
{
    /// <summary>MOVEFILE_WRITE_THROUGH: MoveFileEx returns only once the move is on the disk.</summary>
    public const int MoveFileWriteThrough = 0x8;

    public NativeRename(bool isReplace, int source, int destination, int flags)
    {
        IsReplace = isReplace;
        Source = source;
        Destination = destination;
        Flags = flags;
    }

    /// <summary>ReplaceFile: the destination must exist, as with File.Replace.</summary>
    public bool IsReplace { get; }

    public int Source { get; }

    public int Destination { get; }

    public int Flags { get; }
}
