using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

/// <summary>
/// Tests outside a project that references a test framework: a method marked as a test (<c>[Fact]</c>, <c>[Theory]</c>,
/// <c>[Test]</c>, <c>[TestCase]</c>, <c>[TestMethod]</c>, …), or any method of a class marked <c>[TestClass]</c> or
/// <c>[TestFixture]</c> or holding such methods (its set-up and helpers). Recognised by the attributes' names, so also
/// where the framework cannot be resolved (a file compiled on its own, a framework the project list does not name).
/// Their files are fixtures and scratch files, as in a test project.
/// </summary>
internal static class TestCode
{
    /// <summary>
    /// True when code in <paramref name="type"/> is not judged: the project references a test framework, or the type (or
    /// one it is nested in) is a test class; and the project does not include test code.
    /// </summary>
    public static bool LeavesOut(INamedTypeSymbol? type, KnownSymbols symbols, DurableWritesOptions options) =>
        !options.IncludeTestProjects && (symbols.IsTestProject || KnownSymbols.IsOrIsNestedIn(type, symbols.TestTypes, IsTestClass));

    /// <summary>Marked as a test class, or declaring a test method (which makes its other methods the tests' set-up and helpers).</summary>
    private static bool IsTestClass(INamedTypeSymbol type)
    {
        if (HasTestAttribute(type.GetAttributes(), isType: true))
        {
            return true;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && HasTestAttribute(method.GetAttributes(), isType: false))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTestAttribute(ImmutableArray<AttributeData> attributes, bool isType)
    {
        foreach (AttributeData attribute in attributes)
        {
            string? name = attribute.AttributeClass?.Name;
            if (name is null)
            {
                continue;
            }

            if (name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - "Attribute".Length);
            }

            if (isType
                ? name is "TestClass" or "TestFixture"
                : name is "Fact" or "Theory" or "Test" or "TestCase" or "TestCaseSource" or "TestMethod" or "DataTestMethod"
                    or "SkippableFact" or "SkippableTheory")
            {
                return true;
            }
        }

        return false;
    }
}
