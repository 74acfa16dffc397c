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
}
