/**
 * A ProjectionExpression of `attributes`, each through a placeholder name: several attribute
 * names of the tables (`status`, `state`) are DynamoDB reserved words.
 */
export function projectionOf(attributes: readonly string[]): {
  ProjectionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
} {
  const names = Object.fromEntries(attributes.map((name, index) => [`#p${index}`, name]));
  return { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names };
}
