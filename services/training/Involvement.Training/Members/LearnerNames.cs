namespace Involvement.Training.Members;

/// <summary>
/// How a list shows a learner's name in SQL: a member's from the member directory ("Erased member" after erasure),
/// a member of staff's from learners. Join <see cref="Join"/> with the learner id column, then select <see cref="Name"/>.
/// </summary>
internal static class LearnerNames
{
    public static string Join(string alias, string learnerIdColumn) =>
        $"left join learners {alias}_l on {alias}_l.learner_id = {learnerIdColumn} left join known_members {alias}_m on {alias}_m.member_id = {learnerIdColumn}";

    public static string Name(string alias) => $"coalesce({alias}_m.display_name, {alias}_l.staff_name, '')";
}
