using System.Reflection;

namespace CallControl.Sdk.Tests;

/// <summary>Checks over the whole public surface, by reflection, so a new member cannot quietly break a convention.</summary>
[TestFixture]
public sealed class ConventionTests
{
    private static readonly Type[] PublicTypes = typeof(CallControlClient).Assembly.GetExportedTypes();

    [Test]
    public void EveryPublicAsyncMethod_TakesACancellationTokenLast()
    {
        var offenders = PublicTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || (m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.That(offenders, Is.Empty);
    }

    /// <summary>
    /// Every public class is immutable (get-only or init properties) but the ones meant to be set: options, builders,
    /// the client itself and token providers. Found by reflection, so a new model cannot slip past.
    /// </summary>
    private static IEnumerable<Type> Models() => PublicTypes.Where(t =>
        t.IsClass
        && !(t.IsAbstract && t.IsSealed) // static classes
        && !typeof(Delegate).IsAssignableFrom(t)
        && !t.Name.EndsWith("Options", StringComparison.Ordinal)
        && !t.Name.EndsWith("Builder", StringComparison.Ordinal)
        && !typeof(CallControlClient).IsAssignableFrom(t)
        && !typeof(CallControlTokenProvider).IsAssignableFrom(t));

    [Test]
    public void TheModelsFoundByReflection_IncludeEveryKnownKind()
    {
        var models = Models().ToList();
        Assert.That(models, Has.Count.GreaterThan(30));
        Assert.That(models, Does.Contain(typeof(TransferRequest)).And.Contain(typeof(CallDetails)).And.Contain(typeof(CallWebhook)).And.Contain(typeof(CallEvent)).And.Contain(typeof(CallControlApiException)));
    }

    [TestCaseSource(nameof(Models))]
    public void ResultAndRequestModels_AreImmutable(Type type)
    {
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType!.Assembly == type.Assembly && p.SetMethod is { IsPublic: true } && !p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit"))
            .Select(p => p.Name);

        Assert.That(setters, Is.Empty);
    }

    [Test]
    public void ClientOperations_AreVirtualForMocking()
    {
        var operations = typeof(CallControlClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal));

        Assert.That(operations, Is.Not.Empty);
        Assert.That(operations.Where(m => !m.IsVirtual).Select(m => m.Name), Is.Empty);
    }

    [Test]
    public void InternalsStayInternal_NoRefitOrWireTypeIsPublic()
    {
        Assert.That(PublicTypes.Where(t => t.Namespace?.Contains("Internal", StringComparison.Ordinal) == true).Select(t => t.FullName), Is.Empty);
        Assert.That(PublicTypes.SelectMany(t => t.GetMethods()).Where(m => m.ReturnType.Namespace == "Refit" || m.GetParameters().Any(p => p.ParameterType.Namespace == "Refit")), Is.Empty);
    }

    /// <summary>
    /// The folder says the namespace: <c>Internal/</c> (and below) holds <c>CallControl.Sdk.Internal</c>, <c>Http/</c>
    /// holds <c>CallControl.Sdk.Http</c>, every other folder public types of <c>CallControl.Sdk</c> (or the
    /// <c>Microsoft.*</c> namespace an extension method belongs in). Read from the sources, so a moved file is caught.
    /// </summary>
    [Test]
    public void EverySourceFile_IsInTheNamespaceItsFolderSays()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallControl.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        var root = Path.Combine(dir!.FullName, "src", "CallControl.Sdk");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(root, f).Replace('\\', '/'), Namespace: File.ReadLines(f).FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal))?[10..].TrimEnd(';')))
            .Where(f => !Fits(f.File, f.Namespace))
            .Select(f => $"{f.File}: {f.Namespace}")
            .ToList();

        Assert.That(offenders, Is.Empty);

        static bool Fits(string file, string? ns) => file switch
        {
            _ when file.StartsWith("Internal/Wire/", StringComparison.Ordinal) => ns == "CallControl.Sdk.Internal.Wire",
            _ when file.StartsWith("Internal/", StringComparison.Ordinal) => ns == "CallControl.Sdk.Internal",
            _ when file.StartsWith("Http/", StringComparison.Ordinal) => ns == "CallControl.Sdk.Http",
            _ => ns == "CallControl.Sdk" || ns?.StartsWith("Microsoft.", StringComparison.Ordinal) == true,
        };
    }
}
