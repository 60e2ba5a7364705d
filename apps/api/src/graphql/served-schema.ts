import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type ASTNode } from 'graphql';

/**
 * Parts of the contract the server does not serve yet (the open issues). They are left out of the
 * served schema rather than stubbed; the schema test checks this list is exactly what is missing,
 * so it can only shrink. Coordinates: `Type`, `Type.field`, `Type.field(argument)`.
 */
export const NOT_YET_SERVED: readonly string[] = [];

const DIR = __dirname;

/** The contract without what is not served yet, followed by the project's own additions. */
export function servedTypeDefs(): string {
  const skip = new Set(NOT_YET_SERVED);
  const contract = parse(readFileSync(join(DIR, 'contract.graphql'), 'utf8'));
  const named = (n: ASTNode) => ('name' in n && n.name ? n.name.value : '');
  let owner = '';
  let field = '';
  const pruned = visit(contract, {
    enter(node) {
      switch (node.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.OBJECT_TYPE_EXTENSION:
        case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        case Kind.ENUM_TYPE_DEFINITION:
        case Kind.SCALAR_TYPE_DEFINITION:
          owner = named(node);
          field = '';
          return skip.has(owner) ? null : undefined;
        case Kind.FIELD_DEFINITION:
          field = named(node);
          if (!skip.has(`${owner}.${field}`)) return undefined;
          field = ''; // a removed node gets no leave()
          return null;
        case Kind.INPUT_VALUE_DEFINITION:
          // An argument of a field, or a field of an input type.
          return skip.has(field ? `${owner}.${field}(${named(node)})` : `${owner}.${named(node)}`)
            ? null
            : undefined;
        default:
          return undefined;
      }
    },
    leave(node) {
      if (node.kind === Kind.FIELD_DEFINITION) field = '';
      return undefined;
    },
  });
  // An extension left with no fields is not valid SDL.
  const definitions = pruned.definitions.filter(
    (d) =>
      !(
        (d.kind === Kind.OBJECT_TYPE_EXTENSION || d.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) &&
        (d.fields?.length ?? 0) === 0
      ),
  );
  return [
    print({ ...pruned, definitions }),
    readFileSync(join(DIR, 'extensions.graphql'), 'utf8'),
  ].join('\n');
}
