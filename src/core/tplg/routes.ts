// Routes (alsatplg pre-process-dapm.c): endpoint names are rebuilt textually from the widget
// class's constructor, so surplus parts are dropped and an empty index takes the route's index.
import { ConfNode } from '../conf/node';
import { PPContext, PPError } from './context';
import { findClass } from './classes';
import type { Obj } from './object';

/** tplg_pp_get_widget_name. */
export function widgetNameFor(ctx: PPContext, text: string, index: number, obj: Obj): string {
  const dot = text.indexOf('.');
  if (dot < 0) throw new PPError('TPLG160', `Error getting class name for ${text}: a route endpoint is <class>.<args...>`, obj.origin);
  const className = text.slice(0, dot);
  const cls = findClass(ctx.input, 'Widget', className);
  if (!cls) throw new PPError('TPLG161', `No Class definition found for Class.Widget.${className} (route endpoint '${text}')`, obj.origin);
  const ctor = cls.search('attributes.constructor');
  if (!ctor) throw new PPError('TPLG162', `No arguments in class for widget ${text}`, obj.origin);
  let name = className;
  let args: string | undefined = text.slice(dot);
  for (const n of ctor.kids) {
    if (n.type !== 'string') continue;
    if (args === undefined) throw new PPError('TPLG163', `insufficient arguments for widget ${text}`, obj.origin);
    const next = args.indexOf('.', 1);
    let arg = next >= 0 ? args.slice(1, next) : args.slice(1);
    if (arg === '' && n.value === 'index') arg = String(index);
    name += '.' + arg;
    args = next >= 0 ? args.slice(next) : undefined;
  }
  return name;
}

/** tplg_build_dapm_route_object: one SectionGraph entry per route object. */
export function buildRoute(ctx: PPContext, obj: Obj): void {
  const cfg = obj.cfg;
  const parentName = obj.parent ? obj.parent.cfg.id : 'Endpoint';
  const graph = ctx.output.child('SectionGraph') ?? appendSection(ctx.output, 'SectionGraph');
  let index = 0;
  const ic = cfg.search('index');
  if (ic) {
    if (ic.type !== 'integer') throw new PPError('TPLG164', `Invalid index route ${cfg.id}`, ic.range);
    index = ic.value as number;
  }
  const endpoint = (which: 'source' | 'sink'): string => {
    const c = cfg.search(which);
    if (!c) throw new PPError('TPLG165', `No ${which} for route ${cfg.id}`, obj.origin);
    if (c.type !== 'string') throw new PPError('TPLG165', `Invalid name for ${which} in route ${cfg.id}`, c.range);
    return widgetNameFor(ctx, c.value as string, index, obj);
  };
  const source = endpoint('source');
  const sink = endpoint('sink');
  let control = '';
  const cc = cfg.search('control');
  if (cc) {
    if (cc.type !== 'string') throw new PPError('TPLG165', `Invalid control name for route ${cfg.id}`, cc.range);
    control = cc.value as string;
  }
  const key = `${parentName}.${cfg.id}`;
  const route = ConfNode.compound(key, obj.origin);
  if (!graph.add(route)) {
    throw new PPError('TPLG166', `Error adding route config for ${cfg.id} -17: ${key} is defined twice under ${parentName} (an instance and its class both define routes with the same instance id?)`, obj.origin);
  }
  ctx.routeRanges.set(key, obj.origin);
  route.append(ConfNode.integer('index', index));
  const lines = ConfNode.compound('lines');
  route.append(lines);
  lines.append(ConfNode.string('0', `${sink}, ${control}, ${source}`));
}

function appendSection(root: ConfNode, name: string): ConfNode {
  const s = ConfNode.compound(name);
  root.append(s);
  return s;
}
