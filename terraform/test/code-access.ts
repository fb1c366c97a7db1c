// What each Lambda's code can call on AWS, derived from the source with the TypeScript parser
// (syntax only, no type checking), so the IAM test compares the policies with the code and not
// with a second hand-written list.
//
// DynamoDB, function by function in packages/db: every dynamodb-toolbox `<receiver>.build(Command)`
// (the receiver names an entity, whose table entities.ts gives, or a table; a Query's `index`
// comes from the `.query({ index })` of the same chain) and every function of the package it
// calls. A Lambda gets the union over the @chat/db functions its own files import (files reached
// from src/lambda.ts through relative imports), plus any `.build(...)` in those files.
// @connections: each management API command constructed in those files, if the function or
// method that constructs it is called anywhere in them. SSM: Powertools' getParameter imported, or
// an export of a workspace module that calls SSM itself (workspaceAws): the actions of the
// @aws-sdk/client-ssm commands its files construct.
// Anything the analysis does not know (another command, another AWS client) fails loudly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { repoDir } from './config.ts';

/** The table of a raw SDK command, which the analysis does not resolve. */
export const UNKNOWN_TABLE = '?';

export interface TableAccess {
  /** IAM action, e.g. dynamodb:PutItem. */
  action: string;
  table: string;
  index?: string;
}

export interface LambdaAccess {
  dynamodb: TableAccess[];
  /** HTTP methods on @connections: POST = PostToConnection, DELETE = DeleteConnection, GET = GetConnection. */
  connections: string[];
  /** IAM actions on SSM parameters. */
  ssm: string[];
  /** The files the analysis read (for messages). */
  files: string[];
}

/** dynamodb-toolbox command classes -> the IAM action each needs (null: no request of its own). */
const toolboxActions: Record<string, string | null> = {
  GetItemCommand: 'dynamodb:GetItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  UpdateAttributesCommand: 'dynamodb:UpdateItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  // TransactWriteItems / TransactGetItems have no IAM action: each item needs its own.
  PutTransaction: 'dynamodb:PutItem',
  UpdateTransaction: 'dynamodb:UpdateItem',
  DeleteTransaction: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  GetTransaction: 'dynamodb:GetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  // Requests inside a batch command (whose own receiver is the table), and local formatting.
  BatchPutRequest: null,
  BatchDeleteRequest: null,
  BatchGetRequest: null,
  EntityFormatter: null,
  EntityParser: null,
};

const managementCommands: Record<string, string> = {
  PostToConnectionCommand: 'POST',
  DeleteConnectionCommand: 'DELETE',
  GetConnectionCommand: 'GET',
};

const powertoolsSsm: Record<string, string> = {
  getParameter: 'ssm:GetParameter',
  getParameters: 'ssm:GetParametersByPath',
  getParametersByName: 'ssm:GetParameters',
  setParameter: 'ssm:PutParameter',
};

/** @aws-sdk/client-ssm command classes -> the IAM action each needs. */
const ssmCommands: Record<string, string> = {
  GetParameterCommand: 'ssm:GetParameter',
  GetParametersCommand: 'ssm:GetParameters',
  GetParametersByPathCommand: 'ssm:GetParametersByPath',
};

/**
 * Workspace modules (package subpaths) that call AWS themselves, and the exports that do. Their
 * files (the subpath's entry and what it reaches) are the only files of their package allowed
 * to import an AWS client.
 */
const workspaceAws: Record<string, string[]> = {
  '@chat/auth/jwt-secret': ['loadJwtSecret'],
};

/** Modules a Lambda may import without the analysis having to know more. */
const knownAwsModules = new Set([
  '@aws-sdk/client-dynamodb', // types and commands: `new XCommand` is caught below
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/client-apigatewaymanagementapi',
  '@aws-lambda-powertools/parameters/ssm',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/batch',
]);

function parseFile(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

const sourceFilesOf = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'testing.ts')
    .map((f) => join(dir, f));

// ---- packages/db: entity -> table, function -> accesses ----

interface DbModel {
  entityTables: Map<string, string>;
  /** Every top-level function of packages/db/src -> what it (and what it calls) accesses. */
  functions: Map<string, TableAccess[]>;
}

let dbModel: DbModel | undefined;

export function analyzeDb(): DbModel {
  if (dbModel) return dbModel;
  const dbDir = join(repoDir, 'packages/db/src');
  const entityTables = new Map<string, string>();
  walk(parseFile(join(dbDir, 'entities.ts')), (node) => {
    if (!ts.isVariableDeclaration(node) || !node.initializer || !ts.isNewExpression(node.initializer)) return;
    if (node.initializer.expression.getText() !== 'Entity' || !ts.isIdentifier(node.name)) return;
    const options = node.initializer.arguments?.[0];
    const table = options && ts.isObjectLiteralExpression(options) ? propertyText(options, 'table') : undefined;
    const tableName = table && /^tables\.(\w+)$/.exec(table)?.[1];
    if (!tableName) throw new Error(`entities.ts: cannot tell the table of entity ${node.name.text}`);
    entityTables.set(node.name.text, tableName);
  });

  const direct = new Map<string, TableAccess[]>();
  const calls = new Map<string, Set<string>>();
  for (const file of sourceFilesOf(dbDir)) {
    const source = parseFile(file);
    for (const [name, fn] of topLevelFunctions(source)) {
      if (direct.has(name)) throw new Error(`packages/db has two functions named ${name}`);
      direct.set(name, buildSites(fn, entityTables, file));
      const called = new Set<string>();
      walk(fn, (node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) called.add(node.expression.text);
      });
      calls.set(name, called);
      // Raw SDK commands (table creation in provision.ts): a table the analysis cannot tell,
      // which the IAM test refuses if a Lambda ever calls such a function.
      walk(fn, (node) => {
        if (ts.isNewExpression(node) && /Command$/.test(node.expression.getText())) {
          direct.get(name)!.push({ action: `dynamodb:${node.expression.getText().replace(/Command$/, '')}`, table: UNKNOWN_TABLE });
        }
      });
    }
  }
  const functions = new Map<string, TableAccess[]>();
  const closure = (name: string, seen: Set<string>): TableAccess[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    const own = direct.get(name) ?? [];
    const nested = [...(calls.get(name) ?? [])].filter((c) => direct.has(c)).flatMap((c) => closure(c, seen));
    return [...own, ...nested];
  };
  for (const name of direct.keys()) functions.set(name, unique(closure(name, new Set())));
  dbModel = { entityTables, functions };
  return dbModel;
}

/** Top-level `function f() {}` and `const f = (...) => ...` / `function` expressions. */
function topLevelFunctions(source: ts.SourceFile): [string, ts.Node][] {
  const found: [string, ts.Node][] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) found.push([statement.name.text, statement]);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) {
          found.push([d.name.text, d.initializer]);
        }
      }
    }
  }
  return found;
}

function propertyText(object: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer.getText();
  }
  return undefined;
}

/** Every `<receiver>.build(Command)` under `root`, as IAM accesses. */
function buildSites(root: ts.Node, entityTables: Map<string, string>, file: string): TableAccess[] {
  // `const { User, Message: MessageEntity } = db.entities` -> local name -> entity.
  const aliases = new Map<string, string>();
  walk(root, (node) => {
    if (!ts.isVariableDeclaration(node) || !ts.isObjectBindingPattern(node.name) || !node.initializer) return;
    if (!/(^|\.)entities$/.test(node.initializer.getText())) return;
    for (const element of node.name.elements) {
      const local = element.name.getText();
      aliases.set(local, element.propertyName?.getText() ?? local);
    }
  });
  const accesses: TableAccess[] = [];
  walk(root, (node) => {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
    if (node.expression.name.text !== 'build' || node.arguments.length !== 1) return;
    const command = node.arguments[0]!.getText();
    if (!(command in toolboxActions)) throw new Error(`${file}: .build(${command}): teach code-access.ts its IAM action`);
    const action = toolboxActions[command];
    if (action === null || action === undefined) return;
    const receiver = node.expression.expression.getText().replace(/\s+/g, '');
    const entity = /(?:^|\.)entities\.(\w+)$/.exec(receiver)?.[1] ?? aliases.get(receiver);
    const table = entity ? entityTables.get(entity) : /(?:^|\.)tables\.(\w+)$/.exec(receiver)?.[1];
    if (!table) throw new Error(`${file}: cannot tell which table ${receiver}.build(${command}) uses`);
    const index = command === 'QueryCommand' ? queryIndex(node, file) : undefined;
    accesses.push({ action, table, ...(index && { index }) });
  });
  return accesses;
}

/** The `index` of the `.query({...})` in the chain that starts with this `.build(QueryCommand)`. */
function queryIndex(build: ts.CallExpression, file: string): string | undefined {
  let node: ts.Node = build;
  while (ts.isPropertyAccessExpression(node.parent) || ts.isCallExpression(node.parent)) {
    node = node.parent;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'query') {
      const [options] = node.arguments;
      if (!options || !ts.isObjectLiteralExpression(options)) throw new Error(`${file}: .query() without an object literal`);
      const index = options.properties.find((p) => p.name?.getText() === 'index');
      if (!index) return undefined;
      if (ts.isPropertyAssignment(index) && ts.isStringLiteral(index.initializer)) return index.initializer.text;
      throw new Error(`${file}: a Query's index must be a string literal, got ${index.getText()}`);
    }
  }
  throw new Error(`${file}: a QueryCommand without .query(...)`);
}

// ---- one Lambda ----

/** Files reached from the entry through relative imports, and the packages it imports. */
function reachableFiles(entry: string): { files: string[]; imports: ts.ImportDeclaration[] } {
  const files: string[] = [];
  const imports: ts.ImportDeclaration[] = [];
  const queue = [resolve(entry)];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift()!;
    files.push(file);
    for (const statement of parseFile(file).statements) {
      const specifier =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      if (!specifier) continue;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!existsSync(target)) throw new Error(`${file}: cannot resolve ${specifier}`);
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      } else if (ts.isImportDeclaration(statement)) {
        imports.push(statement);
      }
    }
  }
  return { files, imports };
}

/** Value (not type-only) names an import declaration binds. */
function importedValues(declaration: ts.ImportDeclaration): string[] {
  const clause = declaration.importClause;
  if (!clause || clause.isTypeOnly) return [];
  const names: string[] = [];
  if (clause.name) names.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
  }
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  return names;
}

export function analyzeLambda(app: 'api' | 'ws'): LambdaAccess {
  const db = analyzeDb();
  const { files, imports } = reachableFiles(join(repoDir, `apps/${app}/src/lambda.ts`));
  const dynamodb: TableAccess[] = [];
  const ssm = new Set<string>();
  for (const declaration of imports) {
    const module = (declaration.moduleSpecifier as ts.StringLiteral).text;
    const values = importedValues(declaration);
    if (module === '@chat/db') {
      for (const name of values) {
        if (name === '*') throw new Error('import * from @chat/db: name the functions, the IAM test reads them');
        dynamodb.push(...(db.functions.get(name) ?? []));
      }
    } else if (module in workspaceAws) {
      const known = analyzeWorkspaceModule(module);
      for (const name of values) {
        if (!workspaceAws[module]!.includes(name)) throw new Error(`${module} ${name}: teach code-access.ts whether it calls AWS`);
        for (const action of known.ssm) ssm.add(action);
      }
    } else if (module === '@aws-lambda-powertools/parameters/ssm') {
      for (const name of values) {
        const action = powertoolsSsm[name];
        if (!action) throw new Error(`Powertools SSM ${name}: teach code-access.ts its IAM action`);
        ssm.add(action);
      }
    } else if ((module.startsWith('@aws-sdk/') || module.startsWith('@aws-lambda-powertools/')) && !knownAwsModules.has(module)) {
      throw new Error(`apps/${app} imports ${module}: teach code-access.ts (and iam.tf) about it`);
    } else if (module === '@chat/db/definitions') {
      // Plain data, no SDK.
    } else if (module.startsWith('@chat/db/')) {
      throw new Error(`apps/${app} imports ${module}: the IAM test only reads @chat/db's own exports`);
    } else if (module.startsWith('@chat/')) {
      assertNoAwsImports(module);
    }
  }

  const connections = new Set<string>();
  const sources = files.map(parseFile);
  for (const source of sources) {
    dynamodb.push(...buildSites(source, db.entityTables, source.fileName));
    walk(source, (node) => {
      if (!ts.isNewExpression(node)) return;
      const command = node.expression.getText();
      if (!/Command$/.test(command)) return;
      const method = managementCommands[command];
      if (!method) throw new Error(`${source.fileName}: new ${command}: teach code-access.ts its IAM action`);
      const unit = enclosingUnit(node);
      if (!unit || isCalled(unit, sources)) connections.add(method);
    });
  }
  return {
    dynamodb: unique(dynamodb),
    connections: [...connections].sort(),
    ssm: [...ssm].sort(),
    files: files.map((f) => f.slice(repoDir.length)),
  };
}

/** The files behind a workspace module of workspaceAws, and the SSM actions of the commands they construct. */
function analyzeWorkspaceModule(module: string): { files: string[]; ssm: string[] } {
  const [, pkg, subpath] = /^@chat\/([^/]+)\/(.+)$/.exec(module) ?? [];
  const pkgDir = join(repoDir, 'packages', pkg ?? '');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports?: Record<string, string> };
  const entry = manifest.exports?.[`./${subpath}`];
  if (!entry) throw new Error(`${module}: not an export of packages/${pkg}/package.json`);
  const { files, imports } = reachableFiles(join(pkgDir, entry));
  for (const declaration of imports) {
    const from = (declaration.moduleSpecifier as ts.StringLiteral).text;
    if (from !== '@aws-sdk/client-ssm' && /^@(aws-sdk|aws-lambda-powertools|smithy)\//.test(from)) {
      throw new Error(`${module} imports ${from}: teach code-access.ts (and iam.tf) about it`);
    }
  }
  const ssm = new Set<string>();
  for (const source of files.map(parseFile)) {
    walk(source, (node) => {
      if (!ts.isNewExpression(node)) return;
      const command = node.expression.getText();
      if (!/Command$/.test(command)) return;
      const action = ssmCommands[command];
      if (!action) throw new Error(`${source.fileName}: new ${command}: teach code-access.ts its IAM action`);
      ssm.add(action);
    });
  }
  return { files, ssm: [...ssm].sort() };
}

/** The other workspace packages a Lambda uses (auth, contract) must not call AWS themselves. */
function assertNoAwsImports(module: string): void {
  const name = module.replace(/^@chat\/([^/]+).*$/, '$1');
  const dir = join(repoDir, 'packages', name, 'src');
  if (!existsSync(dir)) throw new Error(`cannot find the sources of ${module}`);
  const analyzed = new Set(
    Object.keys(workspaceAws)
      .filter((m) => m.startsWith(`@chat/${name}/`))
      .flatMap((m) => analyzeWorkspaceModule(m).files)
      .map((file) => relative(dir, file)),
  );
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !analyzed.has(f),
  );
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (/from '@aws-(sdk|lambda-powertools)\/|from '@smithy\/signature-v4'/.test(text)) {
      throw new Error(`${module} (${file}) imports an AWS client: the IAM test does not analyze it yet`);
    }
    for (const other of analyzed) {
      if (text.includes(`from './${other}'`)) throw new Error(`${module} (${file}) reaches ${other}, which calls AWS: import it by its subpath`);
    }
  }
}

/** The named function, method or property that a node is in (its nearest function-like parent). */
function enclosingUnit(node: ts.Node): { name: string; node: ts.Node } | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at)) return at.name ? { name: at.name.getText(), node: at } : undefined;
    if (ts.isArrowFunction(at) || ts.isFunctionExpression(at)) {
      const holder = at.parent;
      if ((ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) && holder.name) {
        return { name: holder.name.getText(), node: at };
      }
    }
  }
  return undefined;
}

/** True when `name(...)` or `x.name(...)` is called in any of the files, outside the unit itself. */
function isCalled(unit: { name: string; node: ts.Node }, sources: ts.SourceFile[]): boolean {
  let called = false;
  for (const source of sources) {
    walk(source, (node) => {
      if (called || !ts.isCallExpression(node)) return;
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name !== unit.name) return;
      for (let at: ts.Node | undefined = node; at; at = at.parent) if (at === unit.node) return;
      called = true;
    });
  }
  return called;
}

function unique(accesses: TableAccess[]): TableAccess[] {
  const byKey = new Map(accesses.map((a) => [`${a.action} ${a.table} ${a.index ?? ''}`, a]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}
