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
