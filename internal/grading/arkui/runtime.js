// The headless ArkUI runtime. The grader evaluates this file once per
// grading that needs it, after the sandbox's lockdown, and calls the
// function it evaluates to. It returns two frozen module objects:
//
//   runtime  what transformed .ets files import as __ark: c() builds
//            components, struct() registers a struct's decorated fields,
//            ref() passes a state variable by reference, and `g` holds the
//            globals ArkTS gives .ets files (Color, FontWeight, $r, ...);
//   test     what lab tests import as '@ohos/arkui-test': render() mounts
//            a component and returns queries and interactions.
//
// Model. Every mounted struct is a View owning Cells (one per state
// variable). Reading a decorated field reads its cell; writing one marks
// every view bound to the cell dirty and fires their @Watch methods at
// once. Dirty views re-run build() before a test next looks at the screen
// (flush), parents before children. A re-run produces a fresh node list,
// reusing child struct instances (and node objects) by their position in
// the source (an if branch or a ForEach key is part of the position), so
// child state survives re-renders exactly when ArkUI keeps the component.
//
// State rules, as in ArkUI (state management V1):
//   @State/@Provide  owned by the view; an object's own properties, an
//                    array's elements and Map/Set/Date mutators are
//                    observed one level deep;
//   @Prop            a deep copy of the parent's value; local changes stay
//                    local; a change of the parent's source overwrites it;
//   @Link/@Consume   the parent's (or @Provide ancestor's) cell itself;
//   @Observed class  instances are proxies that notify the cells holding
//                    them, which is how @ObjectLink sees nested changes;
//   @Watch('m')      calls this.m(propertyName) right after a change (===
//                    decides whether something changed), never at first
//                    render.
(function () {
  'use strict';

  const ObjectCtor = Object;
  const { freeze, defineProperty, getPrototypeOf, create, keys: objectKeys } = Object;
  const hasOwn = (o, k) => ObjectCtor.prototype.hasOwnProperty.call(o, k);
  const isArray = Array.isArray;
  const ArrayProto = Array.prototype;
  const ProxyCtor = Proxy;
  const jsonStringify = JSON.stringify;

  // Limits that turn runaway UI code into a clear message long before the
  // sandbox's time or memory limit would.
  const MAX_DEPTH = 200; // nesting of components
  const MAX_NODES = 20000; // components on one screen
  const MAX_RENDERS = 2000; // re-renders in one flush
  const MAX_WATCH_DEPTH = 64; // @Watch callbacks changing state that fires @Watch...

  function uiError(message) {
    return new Error(message);
  }

  function show(v) {
    if (typeof v === 'string') return "'" + v + "'";
    if (typeof v === 'function') return v.name ? v.name : 'a function';
    if (v === null || v === undefined || typeof v !== 'object') return String(v);
    if (isArray(v)) return 'an array';
    return 'an object';
  }

  // ---- struct metadata

  const structMeta = new WeakMap(); // class -> meta
  const viewOf = new WeakMap(); // struct instance -> View
  const stylesRegistry = new Map(); // @Styles/@Extend functions by name

  const KIND_PRIORITY = ['State', 'Prop', 'Link', 'Provide', 'Consume', 'ObjectLink', 'BuilderParam', 'StorageLink', 'StorageProp', 'LocalStorageLink', 'LocalStorageProp', 'Local', 'Param', 'Provider', 'Consumer', 'Event'];
  const KIND_ALIAS = { Local: 'State', Param: 'Prop', Provider: 'Provide', Consumer: 'Consume', LocalStorageLink: 'State', LocalStorageProp: 'State', Event: 'Regular' };

  function struct(ctor, raw) {
    const fields = [];
    for (let i = 0; i < raw.fields.length; i++) {
      const name = raw.fields[i][0];
      const decos = raw.fields[i][1];
      let kind = 'Regular';
      for (let k = 0; k < KIND_PRIORITY.length; k++) {
        if (hasOwn(decos, KIND_PRIORITY[k])) {
          kind = KIND_PRIORITY[k];
          break;
        }
      }
      const args = kind === 'Regular' ? [] : decos[kind];
      kind = KIND_ALIAS[kind] || kind;
      const f = { name, kind, watch: undefined, key: name, allowOverride: false };
      if (decos.Watch && typeof decos.Watch[0] === 'string') f.watch = decos.Watch[0];
      if (args.length > 0 && typeof args[0] === 'string') f.key = args[0];
      if (args.length > 0 && args[0] && typeof args[0] === 'object' && typeof args[0].allowOverride === 'string') {
        f.key = args[0].allowOverride;
        f.allowOverride = true;
      }
      fields.push(freeze(f));
    }
    structMeta.set(ctor, freeze({
      name: raw.name,
      entry: raw.entry === true,
      fields: freeze(fields),
      builders: freeze(raw.builders.slice()),
      styles: freeze(raw.styles.slice()),
    }));
  }

  function styles(name, fn) {
    stylesRegistry.set(name, fn);
  }

  // ---- observation

  const stateTargets = new WeakMap(); // state proxy -> raw value
  const observedTargets = new WeakMap(); // @Observed proxy -> raw object
  const observedProxies = new WeakMap(); // raw object -> @Observed proxy
  const observers = new WeakMap(); // raw @Observed object -> Set<Cell>

  const ARRAY_MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
  const MAP_MUTATORS = new Set(['set', 'delete', 'clear']);
  const SET_MUTATORS = new Set(['add', 'delete', 'clear']);

  const isObjectLike = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');
  const isObserved = (v) => isObjectLike(v) && observedTargets.has(v);
  const unwrap = (v) => (isObjectLike(v) && stateTargets.has(v) ? stateTargets.get(v) : v);

  function isMutator(target, key) {
    if (isArray(target)) return ARRAY_MUTATORS.has(key);
    if (target instanceof Map) return MAP_MUTATORS.has(key);
    if (target instanceof Set) return SET_MUTATORS.has(key);
    if (target instanceof Date) return typeof key === 'string' && key.startsWith('set');
    return false;
  }

  const needsRawThis = (t) => t instanceof Map || t instanceof Set || t instanceof Date;

  // stateProxy observes the first level of a plain object, class instance,
  // array, Map, Set or Date held by a cell.
  function stateProxy(cell, raw) {
    const p = new ProxyCtor(raw, {
      get(t, k, receiver) {
        if (typeof k === 'string' && isMutator(t, k)) {
          const fn = Reflect.get(t, k, t);
          if (typeof fn === 'function') {
            return function (...args) {
              for (let i = 0; i < args.length; i++) args[i] = unwrap(args[i]);
              const r = Reflect.apply(fn, t, args);
              cell.changed();
              return r;
            };
          }
        }
        if (needsRawThis(t)) {
          const v = Reflect.get(t, k, t);
          return typeof v === 'function' ? v.bind(t) : v;
        }
        return Reflect.get(t, k, receiver);
      },
      set(t, k, v) {
        v = unwrap(v);
        if (hasOwn(t, k) && t[k] === v) return true;
        t[k] = v;
        cell.changed();
        return true;
      },
      deleteProperty(t, k) {
        if (!hasOwn(t, k)) return true;
        delete t[k];
        cell.changed();
        return true;
      },
    });
    stateTargets.set(p, raw);
    return p;
  }

  // observed wraps an @Observed class: its instances are proxies that tell
  // every cell holding them about property assignments.
  function observed(Base) {
    if (typeof Base !== 'function') return Base;
    const name = Base.name;
    const Wrapped = {
      [name]: class extends Base {
        constructor(...args) {
          super(...args);
          return makeObserved(this);
        }
      },
    }[name];
    return Wrapped;
  }

  const observedHandler = freeze({
    set(t, k, v, receiver) {
      v = unwrap(v);
      if (hasOwn(t, k) && t[k] === v) return true;
      const ok = Reflect.set(t, k, v, receiver);
      notifyObservers(t);
      return ok;
    },
    deleteProperty(t, k) {
      if (!hasOwn(t, k)) return true;
      delete t[k];
      notifyObservers(t);
      return true;
    },
  });

  function makeObserved(obj) {
    if (observedTargets.has(obj)) return obj;
    if (observedProxies.has(obj)) return observedProxies.get(obj);
    const p = new ProxyCtor(obj, observedHandler);
    observedTargets.set(p, obj);
    observedProxies.set(obj, p);
    return p;
  }

  function notifyObservers(raw) {
    const set = observers.get(raw);
    if (!set) return;
    const cells = Array.from(set);
    for (let i = 0; i < cells.length; i++) cells[i].changed();
  }

  // ---- cells and views

  let phase = null; // {view, kind: 'build' | 'lifecycle' | 'watch'} of the innermost running user code
  const phases = [];

  function enterPhase(view, kind) {
    phases.push(phase);
    phase = { view, kind };
  }

  function leavePhase() {
    phase = phases.pop() || null;
  }

  // Cell is one state variable's value and the callbacks interested in it.
  class Cell {
    constructor(owner, name, value) {
      this.owner = owner; // View, or null for AppStorage and test state
      this.name = name;
      this.raw = undefined;
      this.proxy = undefined;
      this.listeners = new Set();
      this.store(unwrap(value));
    }

    get() {
      const v = this.raw;
      if (!isObjectLike(v) || typeof v === 'function' || observedTargets.has(v)) return v;
      if (this.proxy === undefined) this.proxy = stateProxy(this, v);
      return this.proxy;
    }

    // store replaces the value without notifying; true if it changed.
    store(v) {
      const old = this.raw;
      if (old === v) return false;
      if (observedTargets.has(old)) {
        const set = observers.get(observedTargets.get(old));
        if (set) set.delete(this);
      }
      this.raw = v;
      this.proxy = undefined;
      if (observedTargets.has(v)) {
        const raw = observedTargets.get(v);
        let set = observers.get(raw);
        if (!set) observers.set(raw, (set = new Set()));
        set.add(this);
      }
      return true;
    }

    // set is an assignment by user code.
    set(v) {
      v = unwrap(v);
      if (this.raw === v) return;
      checkNotBuilding(this);
      this.store(v);
      this.changed();
    }

    changed() {
      checkNotBuilding(this);
      const ls = Array.from(this.listeners);
      for (let i = 0; i < ls.length; i++) ls[i](this);
    }

    detach() {
      this.listeners.clear();
      this.store(undefined);
    }
  }

  function checkNotBuilding(cell) {
    if (phase !== null && phase.kind === 'build') {
      const who = phase.view.meta.name;
      throw uiError('state changed during build() of ' + who + ': ' + describeCell(cell) +
        ' was changed while the UI was being built. ArkUI forbids changing state in build() (each change would re-render it again, forever); change state in event handlers such as onClick, or in aboutToAppear()');
    }
  }

  function describeCell(cell) {
    return cell.owner ? 'this.' + cell.name : "'" + cell.name + "'";
  }

  let dirty = new Set();
  let appearQueue = [];
  let ctx = null; // the build context: {view, parent, path, slot, depth}
  let watchDepth = 0;
  let nodeCount = 0;

  class View {
    constructor(ctor, meta, parent, depth) {
      this.ctor = ctor;
      this.meta = meta;
      this.parent = parent;
      this.depth = depth;
      this.inst = null;
      this.fields = new Map(); // name -> binding
      this.provides = new Map(); // key -> Cell
      this.childViews = new Map();
      this.nodesByPath = new Map();
      this.prevChildren = null;
      this.prevNodes = null;
      this.mounted = true;
      this.rendered = false;
      this.dirty = false;
      this.content = undefined; // trailing closure for a @BuilderParam
      this.node = newNode(meta.name);
      this.node.view = this;
    }

    markDirty() {
      if (!this.mounted) return;
      this.dirty = true;
      dirty.add(this);
    }
  }

  function fireWatch(view, f) {
    if (!f.watch || !view.mounted) return;
    const fn = view.inst[f.watch];
    if (typeof fn !== 'function') {
      throw uiError("@Watch('" + f.watch + "') on " + view.meta.name + '.' + f.name + ': ' + view.meta.name + ' has no method ' + f.watch + '()');
    }
    if (watchDepth >= MAX_WATCH_DEPTH) {
      throw uiError("@Watch loop: @Watch('" + f.watch + "') of " + view.meta.name + '.' + f.name + ' keeps changing state that fires @Watch again');
    }
    watchDepth++;
    enterPhase(view, 'watch');
    try {
      fn.call(view.inst, f.name);
    } finally {
      leavePhase();
      watchDepth--;
    }
  }

  // ownerListener: the view holding a cell re-renders and runs its @Watch.
  function listenerFor(view, f) {
    return () => {
      view.markDirty();
      fireWatch(view, f);
    };
  }

  function isRef(v) {
    return v instanceof Ref || v instanceof StateBox;
  }

  // Ref is a state variable passed by reference ($x, $$this.x, or
  // `name: this.x` in a component's options). A build makes many; they
  // are left unfrozen since freezing costs goja more than they do.
  class Ref {
    constructor(obj, key, twoWay) {
      this.obj = obj;
      this.key = key;
      this.twoWay = twoWay === true;
    }
  }

  function ref(obj, key, twoWay) {
    return new Ref(obj, key, twoWay);
  }

  // refCell is the cell behind a reference, if it names a state variable.
  function refCell(r) {
    if (r instanceof StateBox) return r.cell;
    const v = viewOf.get(r.obj);
    if (!v) return undefined;
    const b = v.fields.get(r.key);
    return b ? b.cell : undefined;
  }

  function deref(v) {
    if (v instanceof StateBox) return v.cell.get();
    if (v instanceof Ref) return v.obj[v.key];
    return v;
  }

  // derefArgs resolves references in component arguments: direct ones and
  // those one level inside an options object.
  function derefArgs(args) {
    let plain = true;
    for (let i = 0; i < args.length && plain; i++) {
      const a = args[i];
      if (isRef(a) || (isObjectLike(a) && getPrototypeOf(a) === ObjectCtor.prototype)) plain = false;
    }
    if (plain) return args;
    const out = new Array(args.length);
    for (let i = 0; i < args.length; i++) {
      let a = args[i];
      if (isRef(a)) a = deref(a);
      else if (isObjectLike(a) && getPrototypeOf(a) === ObjectCtor.prototype) {
        let copy = null;
        const ks = objectKeys(a);
        for (let k = 0; k < ks.length; k++) {
          if (isRef(a[ks[k]])) {
            if (copy === null) copy = Object.assign({}, a);
            copy[ks[k]] = deref(a[ks[k]]);
          }
        }
        if (copy !== null) a = copy;
      }
      out[i] = a;
    }
    return out;
  }

  // deepCopy gives @Prop its own copy of the parent's value.
  function deepCopy(v, seen) {
    v = unwrap(v);
    if (!isObjectLike(v) || typeof v === 'function') return v;
    seen = seen || new Map();
    if (seen.has(v)) return seen.get(v);
    let out;
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof Map) {
      out = new Map();
      seen.set(v, out);
      v.forEach((val, key) => out.set(deepCopy(key, seen), deepCopy(val, seen)));
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      seen.set(v, out);
      v.forEach((val) => out.add(deepCopy(val, seen)));
      return out;
    } else if (isArray(v)) {
      out = [];
      seen.set(v, out);
      for (let i = 0; i < v.length; i++) out.push(deepCopy(v[i], seen));
      return out;
    } else {
      const raw = observedTargets.has(v) ? observedTargets.get(v) : v;
      out = create(getPrototypeOf(raw));
      seen.set(v, out);
      const ks = objectKeys(raw);
      for (let i = 0; i < ks.length; i++) out[ks[i]] = deepCopy(raw[ks[i]], seen);
      if (observedTargets.has(v)) out = makeObserved(out);
    }
    seen.set(v, out);
    return out;
  }

  // ---- field bindings

  function defineField(view, f, get, set) {
    defineProperty(view.inst, f.name, { get, set, enumerable: true, configurable: false });
  }

  function bindOwn(view, f, value) {
    const cell = new Cell(view, f.name, value);
    const b = { f, cell, listener: listenerFor(view, f), source: null };
    cell.listeners.add(b.listener);
    view.fields.set(f.name, b);
    defineField(view, f, () => cell.get(), (v) => cell.set(v));
    return b;
  }

  // bindShared makes a field an alias of another view's cell (@Link,
  // @Consume, @StorageLink).
  function bindShared(view, f, source) {
    const b = { f, cell: source, listener: listenerFor(view, f), source };
    source.listeners.add(b.listener);
    view.fields.set(f.name, b);
    defineField(view, f, () => b.cell.get(), (v) => b.cell.set(v));
    return b;
  }

  function rebindShared(view, b, source) {
    if (b.cell === source) return;
    b.cell.listeners.delete(b.listener);
    b.cell = source;
    b.source = source;
    source.listeners.add(b.listener);
    view.markDirty();
  }

  // bindProp gives a @Prop its own cell, synchronised one way from the
  // parent's source cell when there is one, else from the value passed.
  function bindProp(view, f, param, hasParam, initial) {
    const b = bindOwn(view, f, hasParam ? deepCopy(deref(param)) : initial);
    b.last = hasParam ? unwrap(deref(param)) : undefined;
    b.sync = () => {
      if (b.cell.store(deepCopy(b.source.raw))) {
        view.markDirty();
        fireWatch(view, f);
      }
    };
    if (hasParam) attachPropSource(view, b, param);
    return b;
  }

  function attachPropSource(view, b, param) {
    const src = isRef(param) ? refCell(param) : undefined;
    if (src === b.source) return;
    if (b.source) b.source.listeners.delete(b.sync);
    b.source = src || null;
    if (src) src.listeners.add(b.sync);
  }

  function updateProp(view, b, param) {
    const src = isRef(param) ? refCell(param) : undefined;
    if (src) {
      if (src !== b.source) {
        attachPropSource(view, b, param);
        b.sync();
      }
      return;
    }
    attachPropSource(view, b, param);
    const v = unwrap(deref(param));
    if (v === b.last) return;
    b.last = v;
    if (b.cell.store(deepCopy(v))) {
      view.markDirty();
      fireWatch(view, b.f);
    }
  }

  function findProvide(view, key) {
    for (let v = view.parent; v; v = v.parent) {
      const c = v.provides.get(key);
      if (c) return c;
    }
    return undefined;
  }

  function needStateRef(view, f, p, what) {
    const cell = isRef(p) ? refCell(p) : undefined;
    if (cell) return cell;
    throw uiError('@' + what + ' ' + f.name + ' of ' + view.meta.name + ' must be given a state variable of its parent, as in ' +
      view.meta.name + '({ ' + f.name + ': $' + f.name + ' }) or ' + view.meta.name + '({ ' + f.name + ': this.' + f.name + ' }), where ' +
      f.name + ' is a @State, @Prop, @Link, @Provide or @Consume field; got ' + show(deref(p)));
  }

  function setupFields(view, params, content) {
    const inst = view.inst;
    const meta = view.meta;
    const names = new Set();
    let builderParams = 0;
    for (let i = 0; i < meta.fields.length; i++) {
      const f = meta.fields[i];
      names.add(f.name);
      const has = params !== undefined && params !== null && hasOwn(params, f.name);
      const p = has ? params[f.name] : undefined;
      const initial = inst[f.name];
      switch (f.kind) {
        case 'State':
          bindOwn(view, f, has ? deref(p) : initial);
          break;
        case 'Provide': {
          const outer = findProvide(view, f.key);
          if (outer && !f.allowOverride) {
            throw uiError("@Provide('" + f.key + "') of " + meta.name + ' is already provided by an ancestor; use @Provide({ allowOverride: \'' + f.key + "' }) to override it");
          }
          const b = bindOwn(view, f, has ? deref(p) : initial);
          view.provides.set(f.key, b.cell);
          break;
        }
        case 'Prop':
          bindProp(view, f, p, has, initial);
          break;
        case 'Link':
          if (!has) {
            throw uiError('@Link ' + f.name + ' of ' + meta.name + ' must be initialized by its parent, as in ' + meta.name + '({ ' + f.name + ': $someState })');
          }
          bindShared(view, f, needStateRef(view, f, p, 'Link'));
          break;
        case 'Consume': {
          if (has) throw uiError('@Consume ' + f.name + ' of ' + meta.name + ' cannot be passed by its parent: it binds to an ancestor\'s @Provide');
          const src = findProvide(view, f.key);
          if (!src) {
            throw uiError("@Consume('" + f.key + "') " + f.name + ' of ' + meta.name + " found no @Provide('" + f.key + "') in its ancestors");
          }
          bindShared(view, f, src);
          break;
        }
        case 'ObjectLink': {
          if (!has) throw uiError('@ObjectLink ' + f.name + ' of ' + meta.name + ' must be initialized by its parent with an @Observed object');
          const v = deref(p);
          if (!isObserved(v)) {
            throw uiError('@ObjectLink ' + f.name + ' of ' + meta.name + ' needs an instance of an @Observed class; got ' + show(v) +
              (isObjectLike(v) ? ' (is the class decorated with @Observed?)' : ''));
          }
          const cell = new Cell(view, f.name, v);
          const b = { f, cell, listener: listenerFor(view, f), source: null };
          cell.listeners.add(b.listener);
          view.fields.set(f.name, b);
          defineField(view, f, () => cell.get(), () => {
            throw uiError('@ObjectLink ' + f.name + ' of ' + meta.name + ' cannot be assigned; change its properties instead, or give the parent a new object');
          });
          break;
        }
        case 'StorageLink':
          bindShared(view, f, appStorageCell(f.key, initial));
          break;
        case 'StorageProp': {
          const src = appStorageCell(f.key, initial);
          const b = bindOwn(view, f, deepCopy(src.raw));
          b.source = src;
          b.sync = () => {
            if (b.cell.store(deepCopy(src.raw))) {
              view.markDirty();
              fireWatch(view, f);
            }
          };
          src.listeners.add(b.sync);
          break;
        }
        case 'BuilderParam':
          builderParams++;
          if (has) inst[f.name] = deref(p);
          else if (content !== undefined) inst[f.name] = content;
          break;
        default:
          if (has) inst[f.name] = deref(p);
      }
    }
    if (content !== undefined && builderParams === 0) {
      throw uiError(meta.name + ' has no @BuilderParam field to receive the { ... } content written after ' + meta.name + '(...)');
    }
    if (params !== undefined && params !== null) {
      const ks = objectKeys(params);
      for (let i = 0; i < ks.length; i++) {
        if (!names.has(ks[i])) {
          const known = Array.from(names);
          throw uiError(meta.name + ' has no field ' + ks[i] + (known.length ? ' (its fields: ' + known.join(', ') + ')' : ' (it declares no fields)'));
        }
      }
    }
    for (let i = 0; i < meta.builders.length; i++) {
      const name = meta.builders[i];
      const fn = inst[name];
      if (typeof fn === 'function') defineProperty(inst, name, { value: fn.bind(inst), writable: true, configurable: true });
    }
  }

  // updateFields applies the parameters of a parent's re-render to a kept
  // child. Only @Prop, @Link, @ObjectLink and trailing content follow the
  // parent after creation; other fields were initialized once.
  function updateFields(view, params, content) {
    const meta = view.meta;
    for (let i = 0; i < meta.fields.length; i++) {
      const f = meta.fields[i];
      const b = view.fields.get(f.name);
      if (f.kind === 'BuilderParam' && content !== undefined && !(params && hasOwn(params, f.name))) {
        view.inst[f.name] = content;
        view.markDirty();
        continue;
      }
      if (!params || !hasOwn(params, f.name) || !b) continue;
      const p = params[f.name];
      switch (f.kind) {
        case 'Prop':
          updateProp(view, b, p);
          break;
        case 'Link':
          rebindShared(view, b, needStateRef(view, f, p, 'Link'));
          break;
        case 'ObjectLink': {
          const v = deref(p);
          if (!isObserved(v)) {
            throw uiError('@ObjectLink ' + f.name + ' of ' + meta.name + ' needs an instance of an @Observed class; got ' + show(v));
          }
          if (b.cell.store(v)) {
            view.markDirty();
            fireWatch(view, f);
          }
          break;
        }
      }
    }
  }

  function createView(ctor, meta, parent, params, content, depth) {
    const view = new View(ctor, meta, parent, depth);
    enterPhase(view, 'lifecycle');
    try {
      view.inst = new ctor();
      viewOf.set(view.inst, view);
      setupFields(view, params, content);
      callHook(view, 'aboutToAppear');
    } finally {
      leavePhase();
    }
    return view;
  }

  function callHook(view, name) {
    const fn = view.inst[name];
    if (typeof fn === 'function') fn.call(view.inst);
  }

  function unmount(view) {
    if (!view.mounted) return;
    view.mounted = false;
    dirty.delete(view);
    enterPhase(view, 'lifecycle');
    try {
      callHook(view, 'aboutToDisappear');
    } finally {
      leavePhase();
    }
    view.childViews.forEach((c) => unmount(c));
    view.nodesByPath.forEach((n) => detach(n));
    view.fields.forEach((b) => {
      if (b.cell) b.cell.listeners.delete(b.listener);
      if (b.source && b.sync) b.source.listeners.delete(b.sync);
      if (b.cell && b.cell.owner === view) b.cell.detach();
    });
    view.node.detached = true;
  }

  // ---- nodes

  const NO_GESTURES = freeze([]);

  function newNode(type) {
    const input = hasOwn(INPUT_OPTIONS, type) || hasOwn(INPUT_ATTRS, type);
    return {
      type,
      id: undefined,
      args: [],
      attrs: create(null),
      events: create(null),
      gestures: NO_GESTURES,
      // Inputs only: two-way references ($$) by option or attribute name,
      // their own state kept across re-renders, and the last parameter
      // values seen, to tell a change.
      bindings: input ? create(null) : null,
      internal: input ? create(null) : null,
      last: input ? create(null) : null,
      children: [],
      parent: null,
      view: null, // the View of a struct node
      virtual: false, // If and ForEach groups: not shown to tests
      detached: false,
      chain: null,
    };
  }

  function resetNode(n) {
    n.id = undefined;
    n.attrs = create(null);
    n.events = create(null);
    n.gestures = NO_GESTURES;
    if (n.bindings !== null) n.bindings = create(null);
    n.children = [];
    n.detached = false;
  }

  function detach(n) {
    if (n.detached) return;
    n.detached = true;
    const h = n.events.onDisAppear || n.events.onDisappear;
    if (typeof h === 'function') appearQueue.push(() => h());
  }

  // syncInternal updates an input's own state from a parameter or
  // attribute, but only when the program passed a new value: an input the
  // program does not control keeps what the user typed or toggled.
  function syncInternal(n, key, value) {
    if (value === undefined) return;
    if (hasOwn(n.last, key) && n.last[key] === value) return;
    n.last[key] = value;
    n.internal[key] = value;
  }

  const INPUT_OPTIONS = {
    TextInput: ['text', 'text'],
    TextArea: ['text', 'text'],
    Search: ['value', 'text'],
    Toggle: ['isOn', 'isOn'],
    Slider: ['value', 'value'],
    Rating: ['rating', 'rating'],
    Tabs: ['index', 'index'],
    Swiper: ['index', 'index'],
    Radio: ['checked', 'checked'],
  };

  const INPUT_ATTRS = {
    Checkbox: { select: 'select' },
    Radio: { checked: 'checked' },
    Select: { selected: 'selected', value: 'value' },
    Toggle: {},
  };

  function setupBuiltin(n, rawArgs) {
    const spec = INPUT_OPTIONS[n.type];
    if (!spec) return;
    const opts = rawArgs[0];
    if (!isObjectLike(opts)) return;
    const key = spec[1];
    const v = opts[spec[0]];
    if (v instanceof Ref || v instanceof StateBox) n.bindings[key] = v;
    syncInternal(n, key, deref(v));
  }

  function builtin(type, args, children) {
    const c = ctx;
    const view = c.view;
    const key = c.path + '/' + c.slot++ + ':' + type;
    if (c.depth + 1 > MAX_DEPTH) {
      throw uiError('the component tree is more than ' + MAX_DEPTH + ' levels deep at ' + type + ': does a component contain itself without end?');
    }
    if (++nodeCount > MAX_NODES) {
      throw uiError('more than ' + MAX_NODES + ' components on one screen: is a ForEach or a recursion producing more than intended?');
    }
    let n = view.prevNodes ? view.prevNodes.get(key) : undefined;
    if (n && n.type === type && !view.nodesByPath.has(key)) resetNode(n);
    else {
      n = newNode(type);
      n.fresh = true;
    }
    view.nodesByPath.set(key, n);
    n.args = derefArgs(args);
    setupBuiltin(n, args);
    n.parent = c.parent;
    c.parent.children.push(n);
    if (children !== undefined) {
      ctx = { view, parent: n, path: key, slot: 0, depth: c.depth + 1 };
      try {
        children();
      } finally {
        ctx = c;
      }
    }
    return chainFor(n, view);
  }

  function virtualGroup(type) {
    const c = ctx;
    const n = newNode(type);
    n.virtual = true;
    n.parent = c.parent;
    c.parent.children.push(n);
    return n;
  }

  function ifElse(fn) {
    const c = needCtx('if/else');
    const slot = c.slot++;
    const group = virtualGroup('If');
    ctx = { view: c.view, parent: group, path: c.path + '/' + slot + '?', slot: 0, depth: c.depth };
    try {
      fn();
    } finally {
      ctx = c;
    }
  }

  function br(n) {
    ctx.path = ctx.path + n;
  }

  function defaultKey(item, index) {
    try {
      return index + '__' + jsonStringify(item);
    } catch (e) {
      return String(index);
    }
  }

  function forEachItems(kind, items, count, get, gen, keyGen) {
    const c = ctx;
    const slot = c.slot++;
    const group = virtualGroup(kind);
    const seen = new Set();
    for (let i = 0; i < count; i++) {
      const item = get(i);
      let key = keyGen !== undefined && keyGen !== null ? keyGen(item, i) : defaultKey(item, i);
      key = String(key);
      if (seen.has(key)) {
        warnings.push(kind + ': the key generator returned ' + show(key) + ' for more than one item (index ' + i + '); ArkUI shows only the first of them, so keys must be unique');
        continue;
      }
      seen.add(key);
      ctx = { view: c.view, parent: group, path: c.path + '/' + slot + '[' + key + ']', slot: 0, depth: c.depth };
      try {
        gen(item, i);
      } finally {
        ctx = c;
      }
    }
  }

  function forEach(arr, gen, keyGen) {
    needCtx('ForEach');
    if (!isObjectLike(arr) || typeof arr.length !== 'number') {
      throw uiError('ForEach needs an array as its first argument; got ' + show(arr));
    }
    if (typeof gen !== 'function') throw uiError('ForEach needs an item generator function as its second argument');
    forEachItems('ForEach', arr, arr.length, (i) => arr[i], gen, keyGen);
  }

  const lazyListeners = new WeakMap(); // data source -> Set<View>

  function lazyForEach(source, gen, keyGen) {
    const c = needCtx('LazyForEach');
    if (!isObjectLike(source) || typeof source.totalCount !== 'function' || typeof source.getData !== 'function') {
      throw uiError('LazyForEach needs a data source implementing IDataSource (totalCount(), getData(index)); got ' + show(source));
    }
    let views = lazyListeners.get(source);
    if (!views) {
      views = new Set();
      lazyListeners.set(source, views);
      if (typeof source.registerDataChangeListener === 'function') {
        const onChange = () => views.forEach((v) => v.markDirty());
        const listener = {};
        const events = ['onDataReloaded', 'onDataAdded', 'onDataAdd', 'onDataMoved', 'onDataMove', 'onDataDeleted', 'onDataDelete', 'onDataChanged', 'onDataChange', 'onDatasetChange'];
        for (let i = 0; i < events.length; i++) listener[events[i]] = onChange;
        source.registerDataChangeListener(listener);
      }
    }
    views.add(c.view);
    // Headless: there is no viewport, so every item is built.
    forEachItems('LazyForEach', source, source.totalCount(), (i) => source.getData(i), gen, keyGen);
  }

  function needCtx(what) {
    if (ctx === null) {
      throw uiError(what + ' can only be used inside build() or a @Builder function');
    }
    return ctx;
  }

  // c creates a component: a system component by name, a struct, or a
  // @Builder function call.
  function c(ref, args, children) {
    if (ctx === null) needCtx(typeof ref === 'string' ? ref + '()' : (ref && ref.name ? ref.name : 'a component') + '()');
    if (typeof ref === 'string') return builtin(ref, args, children);
    if (typeof ref === 'function') {
      const meta = structMeta.get(ref);
      if (meta) return mountChild(ref, meta, args, children);
      if (children !== undefined) throw uiError(ref.name + ' is a function, not a component: it cannot take { ... } content');
      // A @Builder function: an object argument passes state "by
      // reference", which here means its values are read now, on every
      // render of the caller.
      ref(...derefArgs(args));
      return builderChain(ref.name);
    }
    throw uiError(show(ref) + ' is not a component');
  }

  function mountChild(ctor, meta, args, children) {
    const c = ctx;
    const parent = c.view;
    const key = c.path + '/' + c.slot++ + '#' + meta.name;
    if (c.depth + 1 > MAX_DEPTH) {
      throw uiError('the component tree is more than ' + MAX_DEPTH + ' levels deep at ' + meta.name + ': does ' + meta.name + ' contain itself without end?');
    }
    if (++nodeCount > MAX_NODES) {
      throw uiError('more than ' + MAX_NODES + ' components on one screen');
    }
    const params = args.length > 0 ? args[0] : undefined;
    if (params !== undefined && params !== null && !isObjectLike(params)) {
      throw uiError(meta.name + '(...) takes an object of field values, as in ' + meta.name + '({ name: value }); got ' + show(params));
    }
    let child = parent.prevChildren ? parent.prevChildren.get(key) : undefined;
    if (child && child.ctor === ctor && child.mounted && !parent.childViews.has(key)) {
      updateFields(child, params, children);
    } else {
      child = createView(ctor, meta, parent, params, children, c.depth + 1);
    }
    parent.childViews.set(key, child);
    const n = child.node;
    n.attrs = create(null);
    n.events = create(null);
    n.id = undefined;
    n.parent = c.parent;
    c.parent.children.push(n);
    if (!child.rendered || child.dirty) renderView(child);
    return chainFor(n, parent);
  }

  function renderView(view) {
    if (!view.mounted) return;
    const saved = ctx;
    if (saved === null) nodeCount = 0; // a fresh count for each screen update
    view.prevChildren = view.childViews;
    view.prevNodes = view.nodesByPath;
    view.childViews = new Map();
    view.nodesByPath = new Map();
    view.node.children = [];
    view.dirty = false;
    dirty.delete(view);
    ctx = { view, parent: view.node, path: '', slot: 0, depth: view.depth };
    enterPhase(view, 'build');
    const prevChildren = view.prevChildren;
    const prevNodes = view.prevNodes;
    try {
      if (typeof view.inst.build !== 'function') throw uiError(view.meta.name + ' has no build() method');
      view.inst.build();
    } finally {
      leavePhase();
      ctx = saved;
      view.prevChildren = null;
      view.prevNodes = null;
    }
    view.rendered = true;
    prevChildren.forEach((child, key) => {
      if (view.childViews.get(key) !== child) unmount(child);
    });
    prevNodes.forEach((n, key) => {
      if (view.nodesByPath.get(key) !== n) detach(n);
    });
    view.nodesByPath.forEach((n) => {
      if (n.fresh) {
        n.fresh = false;
        const h = n.events.onAppear;
        if (typeof h === 'function') appearQueue.push(() => h());
      }
    });
  }

  function runAppearQueue() {
    while (appearQueue.length > 0) {
      const q = appearQueue;
      appearQueue = [];
      for (let i = 0; i < q.length; i++) q[i]();
    }
  }

  // flush re-renders dirty views, parents first, until the screen is
  // stable.
  function flush() {
    if (ctx !== null) return; // reading from inside build(): nothing to do
    let renders = 0;
    runAppearQueue();
    while (dirty.size > 0) {
      let best = null;
      dirty.forEach((v) => {
        if (best === null || v.depth < best.depth) best = v;
      });
      dirty.delete(best);
      if (!best.mounted) continue;
      if (++renders > MAX_RENDERS) {
        dirty = new Set();
        throw uiError('re-render loop: ' + best.meta.name + ' was re-rendered ' + MAX_RENDERS + ' times without the screen settling; something changes state every time the UI is built or appears');
      }
      renderView(best);
      runAppearQueue();
    }
  }

  // ---- attribute chains

  const NO_ARG = freeze(create(null));

  // Chain is what a component call returns: .fontSize(20).onClick(...) set
  // the node's attributes. Attribute names are open-ended, so Chain's
  // prototype chain ends in a proxy that answers any name; the common
  // names are real methods, found without calling the proxy's trap.
  //
  // Attribute methods take up to four arguments as named parameters: rest
  // parameters and `arguments` cost goja an allocation per call, and an
  // ArkUI attribute takes one or two.
  function attrMethod(name) {
    return function (a, b, c, d) {
      return this.__attr(name, a, b, c, d);
    };
  }
  const fallbackMethods = new Map();
  const attrFallback = new ProxyCtor(NO_ARG, {
    get(t, name) {
      if (typeof name !== 'string' || name === 'then' || name === 'constructor' || name === 'toJSON') return undefined;
      let m = fallbackMethods.get(name);
      if (m === undefined) {
        m = attrMethod(name);
        fallbackMethods.set(name, m);
      }
      return m;
    },
    set() {
      return false;
    },
  });

  class Chain {
    #n;
    #view;

    constructor(n, view) {
      this.#n = n;
      this.#view = view;
    }

    __attr(name, a, b, c, d) {
      applyAttr(this.#n, this.#view, this, name, a, b, c, d);
      return this;
    }

    static {
      const common = ['width', 'height', 'size', 'padding', 'margin', 'layoutWeight', 'fontSize', 'fontColor', 'fontWeight',
        'fontStyle', 'fontFamily', 'backgroundColor', 'borderRadius', 'border', 'borderWidth', 'borderColor', 'opacity',
        'textAlign', 'alignItems', 'justifyContent', 'align', 'id', 'key', 'onClick', 'onChange', 'enabled', 'visibility',
        'type', 'select', 'placeholderColor', 'maxLines', 'textOverflow', 'lineHeight', 'decoration', 'constraintSize',
        'aspectRatio', 'shadow', 'position', 'offset', 'zIndex', 'onAppear', 'onDisAppear', 'onSubmit', 'stateStyles',
        'backgroundImage', 'objectFit', 'divider', 'listDirection', 'scrollBar', 'columnsTemplate', 'rowsTemplate',
        'columnsGap', 'rowsGap', 'space', 'direction', 'wrap', 'flexGrow', 'flexShrink', 'flexBasis', 'alignSelf',
        'clip', 'expandSafeArea', 'checked', 'selectedColor', 'blockColor', 'trackColor', 'showSteps', 'showTips',
        'color', 'value', 'gesture', 'transition', 'animation', 'rotate', 'scale', 'translate', 'title'];
      for (let i = 0; i < common.length; i++) {
        const name = common[i];
        defineProperty(this.prototype, name, {
          value: attrMethod(name),
          writable: false,
          enumerable: false,
          configurable: false,
        });
      }
      Object.setPrototypeOf(this.prototype, attrFallback);
    }
  }

  // chainFor returns the attribute chain of a node; a node keeps its chain
  // across re-renders, like its identity.
  function chainFor(n, view) {
    if (n.chain === null) n.chain = new Chain(n, view);
    return n.chain;
  }

  function builderChain(name) {
    return new ProxyCtor(NO_ARG, {
      get(t, attr) {
        if (typeof attr !== 'string') return undefined;
        return function () {
          throw uiError('.' + attr + '() cannot be applied to ' + name + '(): attributes go on components, not on @Builder calls');
        };
      },
    });
  }

  // applyAttr records attribute name(a, b, c, d) on node n. An attribute
  // with one argument stores it; with more, the array of them.
  function applyAttr(n, view, chain, name, a, b, c, d) {
    if (name === 'id' || name === 'key') {
      n.id = a === undefined ? undefined : String(a);
      n.attrs[name] = n.id;
      return;
    }
    // @Styles methods of the struct and global @Styles/@Extend functions.
    if (view && view.meta.styles.length > 0 && view.meta.styles.indexOf(name) >= 0 && typeof view.inst[name] === 'function') {
      view.inst[name].call(view.inst, chain, a, b, c, d);
      return;
    }
    if (stylesRegistry.size > 0 && stylesRegistry.has(name)) {
      stylesRegistry.get(name).call(view ? view.inst : undefined, chain, a, b, c, d);
      return;
    }
    if (typeof a === 'function' && name.length > 2 && name.charCodeAt(0) === 111 && name.charCodeAt(1) === 110) { // "on..."
      n.events[name] = a;
      return;
    }
    if (name === 'gesture' || name === 'priorityGesture' || name === 'parallelGesture') {
      if (isObjectLike(a)) {
        if (n.gestures === NO_GESTURES) n.gestures = [];
        n.gestures.push(a);
      }
      return;
    }
    if (name === 'stateStyles' && isObjectLike(a)) {
      n.attrs.stateStyles = a;
      const normal = a.normal;
      if (typeof normal === 'function') normal.call(view ? view.inst : undefined, chain);
      return;
    }
    if (n.bindings !== null) {
      const bound = INPUT_ATTRS[n.type];
      if (bound && hasOwn(bound, name)) {
        if (isRef(a)) n.bindings[bound[name]] = a;
        syncInternal(n, bound[name], deref(a));
      }
    }
    if (b === undefined && c === undefined && d === undefined) n.attrs[name] = deref(a);
    else {
      const all = [deref(a), deref(b)];
      if (c !== undefined || d !== undefined) all.push(deref(c));
      if (d !== undefined) all.push(deref(d));
      n.attrs[name] = all;
    }
  }

  // ---- resources and ambient globals

  class Resource {
    constructor(kind, name, params) {
      this.kind = kind;
      this.id = name;
      this.params = params;
      freeze(this);
    }

    toString() {
      return this.id;
    }
  }

  function $r(name, ...params) {
    return new Resource('resource', String(name), params);
  }

  function $rawfile(name) {
    return new Resource('rawfile', String(name), []);
  }

  // enumOf returns an ArkUI enum whose members are readable strings such as
  // 'Color.Red', so failure messages say what was set.
  function enumOf(name) {
    const cache = create(null);
    return new ProxyCtor(create(null), {
      get(t, k) {
        if (typeof k !== 'string' || k === 'then' || k === '__esModule') return undefined;
        if (!(k in cache)) cache[k] = name + '.' + k;
        return cache[k];
      },
      set() {
        return false;
      },
      defineProperty() {
        return false;
      },
    });
  }

  // recorder makes a stand-in for a controller or context object: every
  // method exists and returns undefined; calls are kept in `calls`.
  function recorder(name) {
    const make = function (...ctorArgs) {
      const target = { calls: [], args: ctorArgs };
      const proxy = new ProxyCtor(target, {
        get(t, k) {
          if (typeof k !== 'string') return undefined;
          if (hasOwn(t, k)) return t[k];
          if (k === 'then' || k === 'toJSON') return undefined;
          return function (...args) {
            t.calls.push([k, args]);
            return proxy; // chainable, as TransitionEffect.opacity(0).combine(...)
          };
        },
      });
      return proxy;
    };
    defineProperty(make, 'name', { value: name });
    return make;
  }

  // gestureOf makes a gesture description: TapGesture({ count: 2 })
  // .onAction(fn) keeps fn for the test API's click().
  function gestureOf(kind) {
    const make = function (options) {
      const g = { kind, options, handlers: create(null), gestures: [] };
      const api = new ProxyCtor(g, {
        get(t, k) {
          if (typeof k !== 'string') return undefined;
          if (k === 'kind' || k === 'options' || k === 'handlers' || k === 'gestures') return t[k];
          return function (fn) {
            if (typeof fn === 'function') t.handlers[k] = fn;
            return api;
          };
        },
      });
      return api;
    };
    defineProperty(make, 'name', { value: kind });
    return make;
  }

  function gestureGroup(mode, ...gestures) {
    const g = gestureOf('GestureGroup')();
    for (let i = 0; i < gestures.length; i++) g.gestures.push(gestures[i]);
    return g;
  }

  // AppStorage: application-wide state; @StorageLink binds to its cells.
  const appStore = new Map();

  function appStorageCell(key, initial) {
    let cell = appStore.get(key);
    if (!cell) {
      cell = new Cell(null, key, initial);
      appStore.set(key, cell);
    }
    return cell;
  }

  function storageProperty(cell) {
    return freeze({
      get: () => cell.get(),
      set: (v) => cell.set(v),
    });
  }

  const AppStorage = freeze({
    setOrCreate(key, value) {
      if (appStore.has(key)) appStore.get(key).set(value);
      else appStorageCell(key, value);
    },
    set(key, value) {
      if (!appStore.has(key)) return false;
      appStore.get(key).set(value);
      return true;
    },
    get(key) {
      return appStore.has(key) ? appStore.get(key).get() : undefined;
    },
    has: (key) => appStore.has(key),
    delete(key) {
      return appStore.delete(key);
    },
    keys: () => appStore.keys(),
    size: () => appStore.size,
    clear() {
      appStore.clear();
      return true;
    },
    link: (key) => (appStore.has(key) ? storageProperty(appStore.get(key)) : undefined),
    setAndLink: (key, value) => storageProperty(appStorageCell(key, value)),
    prop: (key) => (appStore.has(key) ? storageProperty(new Cell(null, key, deepCopy(appStore.get(key).raw))) : undefined),
    setAndProp: (key, value) => storageProperty(new Cell(null, key, deepCopy(appStorageCell(key, value).raw))),
  });

  class LocalStorage {
    constructor(initial) {
      this.map = new Map();
      if (isObjectLike(initial)) {
        const ks = objectKeys(initial);
        for (let i = 0; i < ks.length; i++) this.map.set(ks[i], new Cell(null, ks[i], initial[ks[i]]));
      }
    }

    get(key) {
      return this.map.has(key) ? this.map.get(key).get() : undefined;
    }

    set(key, value) {
      if (!this.map.has(key)) return false;
      this.map.get(key).set(value);
      return true;
    }

    setOrCreate(key, value) {
      if (this.map.has(key)) this.map.get(key).set(value);
      else this.map.set(key, new Cell(null, key, value));
      return true;
    }

    has(key) {
      return this.map.has(key);
    }

    delete(key) {
      return this.map.delete(key);
    }

    keys() {
      return this.map.keys();
    }

    size() {
      return this.map.size;
    }

    link(key) {
      return this.map.has(key) ? storageProperty(this.map.get(key)) : undefined;
    }

    setAndLink(key, value) {
      this.setOrCreate(key, this.has(key) ? this.get(key) : value);
      return storageProperty(this.map.get(key));
    }
  }

  const PersistentStorage = freeze({
    persistProp(key, value) {
      if (!appStore.has(key)) appStorageCell(key, value);
    },
    deleteProp(key) {
      appStore.delete(key);
    },
    persistProps(props) {
      for (let i = 0; i < props.length; i++) PersistentStorage.persistProp(props[i].key, props[i].defaultValue);
    },
    keys: () => Array.from(appStore.keys()),
  });

  const Environment = freeze({
    envProp(key, value) {
      if (!appStore.has(key)) appStorageCell(key, value);
      return true;
    },
    envProps(props) {
      for (let i = 0; i < props.length; i++) Environment.envProp(props[i].key, props[i].defaultValue);
    },
    keys: () => Array.from(appStore.keys()),
  });

  // animateTo applies the change at once: there is no animation to wait
  // for in a headless runtime.
  function animateTo(options, change) {
    if (typeof change === 'function') change();
    if (isObjectLike(options) && typeof options.onFinish === 'function') options.onFinish();
  }

  const identity = (v) => v;

  const ENUMS = [
    'Alignment', 'AnimationStatus', 'ArrowPointPosition', 'Axis', 'BarMode', 'BarPosition', 'BarState', 'BlendMode', 'BlurStyle',
    'BorderStyle', 'ButtonStyleMode', 'ButtonType', 'CheckBoxShape', 'Color', 'ContentType', 'CopyOptions', 'Curve',
    'DialogAlignment', 'Direction', 'DismissReason', 'EdgeEffect', 'EnterKeyType', 'FillMode', 'FlexAlign', 'FlexDirection',
    'FlexWrap', 'FontStyle', 'FontWeight', 'GestureMode', 'GradientDirection', 'HitTestMode', 'HorizontalAlign', 'ImageFit',
    'ImageRepeat', 'ImageRenderMode', 'ImageSize', 'InputType', 'ItemAlign', 'KeyType', 'KeySource', 'LayoutDirection',
    'LayoutSafeAreaEdge', 'LayoutSafeAreaType', 'LineBreakStrategy', 'LineCapStyle', 'LineJoinStyle', 'ListItemAlign',
    'ListItemStyle', 'MenuType', 'ModalTransition', 'MouseButton', 'NavigationMode', 'NavigationTitleMode', 'PanDirection',
    'Placement', 'PlayMode', 'ProgressStatus', 'ProgressStyle', 'ProgressType', 'ResponseType', 'RouteType', 'SafeAreaEdge',
    'SafeAreaType', 'ScrollAlign', 'ScrollDirection', 'ScrollState', 'SearchType', 'ShadowStyle', 'SheetSize', 'SheetType',
    'SizeType', 'SliderChangeMode', 'SliderStyle', 'SlideEffect', 'Sticky', 'StickyStyle', 'SwipeDirection', 'TextAlign', 'TextCase',
    'TextDecorationStyle', 'TextDecorationType', 'TextHeightAdaptivePolicy', 'TextInputStyle', 'TextOverflow', 'ToggleType',
    'TouchType', 'TransitionEdge', 'TransitionType', 'VerticalAlign', 'Visibility', 'WordBreak',
  ];
  const RECORDERS = [
    'CanvasRenderingContext2D', 'CustomDialogController', 'ListScroller', 'NavPathStack', 'RenderingContextSettings', 'Scroller',
    'SearchController', 'SwiperController', 'TabsController', 'TextAreaController', 'TextInputController', 'VideoController',
    'XComponentController', 'RichEditorController', 'WebController', 'PanGestureOptions',
  ];
  const GESTURES = ['TapGesture', 'LongPressGesture', 'PanGesture', 'PinchGesture', 'SwipeGesture', 'RotationGesture'];

  const g = create(null);
  for (let i = 0; i < ENUMS.length; i++) g[ENUMS[i]] = enumOf(ENUMS[i]);
  for (let i = 0; i < RECORDERS.length; i++) g[RECORDERS[i]] = recorder(RECORDERS[i]);
  for (let i = 0; i < GESTURES.length; i++) g[GESTURES[i]] = gestureOf(GESTURES[i]);
  g.GestureGroup = gestureGroup;
  g.TransitionEffect = recorder('TransitionEffect')();
  g.AppStorage = AppStorage;
  g.LocalStorage = LocalStorage;
  g.PersistentStorage = PersistentStorage;
  g.Environment = Environment;
  g.animateTo = animateTo;
  g.animateToImmediately = animateTo;
  g.getContext = recorder('Context');
  g.getUIContext = recorder('UIContext');
  g.postCardAction = () => undefined;
  g.getInspectorByKey = () => '';
  g.vp2px = identity;
  g.px2vp = identity;
  g.fp2px = identity;
  g.px2fp = identity;
  g.lpx2px = identity;
  g.px2lpx = identity;
  g.$r = $r;
  g.$rawfile = $rawfile;
  freeze(g);

  // ---- the test API

  const warnings = [];

  // StateBox is a state variable made by a test, to pass where a parent's
  // state would go (a @Link, a @Prop's source).
  class StateBox {
    constructor(value) {
      this.cell = new Cell(null, 'state', value);
    }

    get value() {
      return this.cell.get();
    }

    set value(v) {
      this.cell.set(v);
    }
  }

  function state(value) {
    return new StateBox(value);
  }

  const TEXT_TYPES = new Set(['Text', 'Span', 'Button', 'Hyperlink', 'MenuItem', 'Marquee', 'TextClock', 'Badge']);
  const INPUT_TYPES = new Set(['TextInput', 'TextArea', 'Search']);

  function asText(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    if (v instanceof Resource) return v.id;
    return undefined;
  }

  function nodeText(n) {
    switch (n.type) {
      case 'Text': {
        const spans = n.children.filter((k) => k.type === 'Span' || k.type === 'ContainerSpan');
        if (spans.length > 0) return spans.map((s) => nodeText(s) || '').join('');
        return asText(n.args[0]);
      }
      case 'Span':
      case 'Button':
      case 'Hyperlink':
        return asText(n.args[0]);
      case 'Marquee':
        return isObjectLike(n.args[0]) ? asText(n.args[0].src) : undefined;
      case 'MenuItem':
        return isObjectLike(n.args[0]) ? asText(n.args[0].content) : undefined;
      case 'Badge':
        return isObjectLike(n.args[0]) && n.args[0].value !== undefined ? asText(n.args[0].value) : undefined;
      case 'TextInput':
      case 'TextArea':
      case 'Search':
        return n.internal.text === undefined ? '' : String(n.internal.text);
    }
    return undefined;
  }

  function nodeValue(n) {
    switch (n.type) {
      case 'TextInput':
      case 'TextArea':
      case 'Search':
        return nodeText(n);
      case 'Toggle':
        return n.internal.isOn === true;
      case 'Checkbox':
        return n.internal.select === true;
      case 'Radio':
        return n.internal.checked === true;
      case 'Slider':
        return n.internal.value === undefined ? (isObjectLike(n.args[0]) && n.args[0].min !== undefined ? n.args[0].min : 0) : n.internal.value;
      case 'Rating':
        return n.internal.rating;
      case 'Select':
        return n.internal.selected;
      case 'Tabs':
      case 'Swiper':
        return n.internal.index === undefined ? 0 : n.internal.index;
      case 'Progress':
        return isObjectLike(n.args[0]) ? n.args[0].value : undefined;
    }
    return undefined;
  }

  // visibleChildren flattens If and ForEach groups away.
  function visibleChildren(n) {
    const out = [];
    for (let i = 0; i < n.children.length; i++) {
      const k = n.children[i];
      if (k.virtual) {
        const inner = visibleChildren(k);
        for (let j = 0; j < inner.length; j++) out.push(inner[j]);
      } else out.push(k);
    }
    return out;
  }

  // walk visits the visible descendants of n in document order; If and
  // ForEach groups are passed through, not visited.
  function walk(n, visit) {
    const kids = n.children;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (!k.virtual) visit(k);
      walk(k, visit);
    }
  }

  function describeNode(n) {
    const t = nodeText(n);
    let s = n.type;
    if (n.id !== undefined) s += '#' + n.id;
    if (t !== undefined && !INPUT_TYPES.has(n.type)) s += " '" + t + "'";
    return s;
  }

  function isEnabled(n) {
    for (let k = n; k; k = k.parent) {
      if (k.attrs.enabled === false) return false;
    }
    return true;
  }

  function isVisible(n) {
    for (let k = n; k; k = k.parent) {
      const v = k.attrs.visibility;
      if (v === 'Visibility.None' || v === 'Visibility.Hidden') return false;
    }
    return true;
  }

  const wrappers = new WeakMap();

  function wrap(n, ui) {
    let w = wrappers.get(n);
    if (!w) {
      w = new UINode(n, ui);
      wrappers.set(n, w);
    }
    return w;
  }

  function matchText(t, want) {
    if (t === undefined) return false;
    if (want instanceof RegExp) return want.test(t);
    return t === String(want);
  }

  function list(items, max) {
    if (items.length === 0) return '(none)';
    const shown = items.slice(0, max).map((s) => "'" + s + "'");
    return shown.join(', ') + (items.length > max ? ', ... ' + (items.length - max) + ' more' : '');
  }

  function showWant(want) {
    return want instanceof RegExp ? String(want) : "'" + String(want) + "'";
  }

  // Queries shared by UI (the whole screen) and UINode (a subtree).
  class Queries {
    constructor(ui) {
      // UI passes nothing: it answers its own queries.
      defineProperty(this, '__ui', { value: ui === undefined ? this : ui });
    }

    __root() {
      throw new Error('abstract');
    }

    __all(pred) {
      this.__ui.flush();
      const out = [];
      walk(this.__root(), (n) => {
        if (pred(n)) out.push(wrap(n, this.__ui));
      });
      return out;
    }

    __texts() {
      const out = [];
      walk(this.__root(), (n) => {
        const t = nodeText(n);
        if (t !== undefined && TEXT_TYPES.has(n.type) && !(n.type === 'Span')) out.push(t);
      });
      return out;
    }

    findAllByText(text) {
      return this.__all((n) => TEXT_TYPES.has(n.type) && matchText(nodeText(n), text));
    }

    queryByText(text) {
      const all = this.findAllByText(text);
      return all.length > 0 ? all[0] : null;
    }

    findByText(text) {
      const n = this.queryByText(text);
      if (n === null) throw new Error('no node with text ' + showWant(text) + '; texts on screen: ' + list(this.__texts(), 20));
      return n;
    }

    findAllById(id) {
      return this.__all((n) => n.id === String(id));
    }

    queryById(id) {
      const all = this.findAllById(id);
      return all.length > 0 ? all[0] : null;
    }

    findById(id) {
      const n = this.queryById(id);
      if (n === null) {
        const ids = [];
        walk(this.__root(), (k) => {
          if (k.id !== undefined) ids.push(k.id);
        });
        throw new Error("no node with id '" + id + "' (set with .id('" + id + "')); ids on screen: " + list(ids, 20));
      }
      return n;
    }

    findAllByType(type) {
      return this.__all((n) => n.type === type);
    }

    queryByType(type) {
      const all = this.findAllByType(type);
      return all.length > 0 ? all[0] : null;
    }

    findByType(type) {
      const n = this.queryByType(type);
      if (n === null) {
        const types = new Set();
        walk(this.__root(), (k) => types.add(k.type));
        throw new Error('no ' + type + ' on screen; types on screen: ' + (types.size ? Array.from(types).join(', ') : '(none)'));
      }
      return n;
    }

    findByPlaceholder(text) {
      const all = this.__all((n) => INPUT_TYPES.has(n.type) && isObjectLike(n.args[0]) && matchText(asText(n.args[0].placeholder), text));
      if (all.length === 0) throw new Error('no TextInput, TextArea or Search with placeholder ' + showWant(text));
      return all[0];
    }

    texts() {
      this.__ui.flush();
      return this.__texts();
    }
  }

  class UINode extends Queries {
    #n;

    constructor(n, ui) {
      super(ui);
      this.#n = n;
      // Shown when a failing assertion renders the node.
      defineProperty(this, 'type', { value: n.type, enumerable: true });
    }

    __root() {
      return this.#n;
    }

    __node() {
      return this.#n;
    }

    get id() {
      this.__ui.flush();
      return this.#n.id;
    }

    get text() {
      this.__ui.flush();
      return nodeText(this.#n);
    }

    get value() {
      this.__ui.flush();
      return nodeValue(this.#n);
    }

    attr(name) {
      this.__ui.flush();
      const v = this.#n.attrs[name];
      return v;
    }

    get attrs() {
      this.__ui.flush();
      return Object.assign({}, this.#n.attrs);
    }

    get args() {
      this.__ui.flush();
      return this.#n.args.slice();
    }

    get events() {
      this.__ui.flush();
      return objectKeys(this.#n.events);
    }

    get children() {
      this.__ui.flush();
      return visibleChildren(this.#n).map((k) => wrap(k, this.__ui));
    }

    get parent() {
      this.__ui.flush();
      let p = this.#n.parent;
      while (p && p.virtual) p = p.parent;
      return p ? wrap(p, this.__ui) : null;
    }

    get enabled() {
      this.__ui.flush();
      return isEnabled(this.#n);
    }

    get visible() {
      this.__ui.flush();
      return isVisible(this.#n);
    }

    get attached() {
      this.__ui.flush();
      return !this.#n.detached;
    }

    get component() {
      return this.#n.view ? this.#n.view.inst : undefined;
    }

    click() {
      return this.__ui.click(this);
    }

    input(text) {
      return this.__ui.type(this, text);
    }

    toggle(on) {
      return this.__ui.toggle(this, on);
    }

    slide(value) {
      return this.__ui.slide(this, value);
    }

    submit() {
      return this.__ui.submit(this);
    }

    toString() {
      return describeNode(this.#n);
    }
  }

  function nodeOf(x, what) {
    if (x instanceof UINode) return x.__node();
    throw new TypeError(what + ' needs a node found on screen (for example ui.findByText(...)); got ' + show(x));
  }

  class UI extends Queries {
    #root;

    constructor(root) {
      super(undefined);
      this.#root = root;
    }

    __root() {
      return this.#root.node;
    }

    get root() {
      this.flush();
      return wrap(this.#root.node, this);
    }

    get component() {
      return this.#root.inst;
    }

    get warnings() {
      return warnings.slice();
    }

    flush() {
      flush();
    }

    // wait lets timers and promises due within ms run (on the sandbox's
    // virtual clock), then re-renders.
    wait(ms) {
      return new Promise((resolve) => setTimeout(resolve, ms === undefined ? 0 : ms)).then(() => flush());
    }

    unmount() {
      unmount(this.#root);
      runAppearQueue();
    }

    tree() {
      this.flush();
      const lines = [];
      const visit = (n, depth) => {
        lines.push('  '.repeat(depth) + describeNode(n));
        const kids = visibleChildren(n);
        for (let i = 0; i < kids.length; i++) visit(kids[i], depth + 1);
      };
      visit(this.#root.node, 0);
      return lines.join('\n');
    }

    __interact(x, what) {
      this.flush();
      const n = nodeOf(x, what);
      if (n.detached) {
        throw new Error(describeNode(n) + ' is no longer on screen (a re-render removed it); find it again after the change');
      }
      return n;
    }

    __after() {
      flush();
    }

    click(x) {
      const n = this.__interact(x, 'click()');
      if (!isEnabled(n)) return false; // a disabled component ignores clicks, as in ArkUI
      let acted = false;
      if (n.type === 'Toggle' || n.type === 'Checkbox') {
        setInput(n, n.type === 'Toggle' ? 'isOn' : 'select', !nodeValue(n));
        acted = true;
      } else if (n.type === 'Radio' && !nodeValue(n)) {
        setInput(n, 'checked', true);
        acted = true;
      }
      for (let k = n; k; k = k.parent) {
        const h = k.events.onClick;
        const tap = findTap(k);
        if (typeof h === 'function' || tap) {
          if (typeof h === 'function') h(clickEvent(k));
          if (tap) tap(gestureEvent());
          acted = true;
          break;
        }
      }
      if (!acted) throw new Error('nothing happens when ' + describeNode(n) + ' is clicked: neither it nor its parents have onClick');
      this.__after();
      return true;
    }

    type(x, text) {
      const n = this.__interact(x, 'type()');
      if (!INPUT_TYPES.has(n.type)) throw new Error('type() needs a TextInput, TextArea or Search, not ' + describeNode(n));
      if (!isEnabled(n)) return false;
      setInput(n, 'text', String(text));
      this.__after();
      return true;
    }

    submit(x) {
      const n = this.__interact(x, 'submit()');
      if (!INPUT_TYPES.has(n.type)) throw new Error('submit() needs a TextInput, TextArea or Search, not ' + describeNode(n));
      const h = n.events.onSubmit;
      if (typeof h !== 'function') throw new Error(describeNode(n) + ' has no onSubmit handler');
      if (n.type === 'Search') h(nodeText(n));
      else h(g.EnterKeyType.Done);
      this.__after();
      return true;
    }

    toggle(x, on) {
      const n = this.__interact(x, 'toggle()');
      const key = n.type === 'Toggle' ? 'isOn' : n.type === 'Checkbox' ? 'select' : n.type === 'Radio' ? 'checked' : undefined;
      if (key === undefined) throw new Error('toggle() needs a Toggle, Checkbox or Radio, not ' + describeNode(n));
      if (!isEnabled(n)) return false;
      setInput(n, key, on === undefined ? !nodeValue(n) : on === true);
      this.__after();
      return true;
    }

    slide(x, value) {
      const n = this.__interact(x, 'slide()');
      if (n.type !== 'Slider') throw new Error('slide() needs a Slider, not ' + describeNode(n));
      if (!isEnabled(n)) return false;
      const o = isObjectLike(n.args[0]) ? n.args[0] : {};
      const min = typeof o.min === 'number' ? o.min : 0;
      const max = typeof o.max === 'number' ? o.max : 100;
      setInput(n, 'value', Math.min(max, Math.max(min, Number(value))));
      this.__after();
      return true;
    }

    select(x, index) {
      const n = this.__interact(x, 'select()');
      if (n.type !== 'Select') throw new Error('select() needs a Select, not ' + describeNode(n));
      const opts = isArray(n.args[0]) ? n.args[0] : [];
      if (!(index >= 0 && index < opts.length)) throw new Error('select(): ' + describeNode(n) + ' has ' + opts.length + ' options, no index ' + index);
      n.internal.selected = index;
      const h = n.events.onSelect;
      if (typeof h === 'function') h(index, asText(opts[index] && opts[index].value));
      this.__after();
      return true;
    }

    fire(x, event, ...args) {
      const n = this.__interact(x, 'fire()');
      const h = n.events[event];
      if (typeof h !== 'function') throw new Error(describeNode(n) + ' has no ' + event + ' handler');
      const r = h(...args);
      this.__after();
      return r;
    }
  }

  function clickEvent(n) {
    return { type: 'click', x: 0, y: 0, windowX: 0, windowY: 0, displayX: 0, displayY: 0, screenX: 0, screenY: 0, timestamp: 0, source: 'TouchScreen', target: { id: n.id } };
  }

  function gestureEvent() {
    return { repeat: false, offsetX: 0, offsetY: 0, angle: 0, speed: 0, scale: 1, fingerList: [], timestamp: 0, source: 'TouchScreen' };
  }

  function findTap(n) {
    for (let i = 0; i < n.gestures.length; i++) {
      const gs = n.gestures[i];
      const stack = [gs];
      while (stack.length > 0) {
        const x = stack.pop();
        if (x.kind === 'TapGesture' && (!x.options || !x.options.count || x.options.count === 1) && typeof x.handlers.onAction === 'function') {
          return x.handlers.onAction;
        }
        for (let j = 0; j < x.gestures.length; j++) stack.push(x.gestures[j]);
      }
    }
    return undefined;
  }

  // setInput changes an input's value as a user would: its own state, a
  // $$ binding, then its change event.
  function setInput(n, key, value) {
    n.internal[key] = value;
    const b = n.bindings[key];
    if (b instanceof Ref) b.obj[b.key] = value;
    else if (b instanceof StateBox) b.value = value;
    const h = n.events.onChange;
    if (typeof h === 'function') {
      if (n.type === 'Slider') h(value, g.SliderChangeMode.End);
      else h(value);
    }
  }

  function render(ctor, params) {
    const meta = typeof ctor === 'function' ? structMeta.get(ctor) : undefined;
    if (!meta) {
      throw new TypeError('render() needs a component: a struct decorated with @Component, imported from your .ets file; got ' + show(ctor));
    }
    if (ctx !== null) throw new Error('render() cannot be called inside build()');
    const root = createView(ctor, meta, null, params, undefined, 0);
    renderView(root);
    flush();
    if (meta.entry && typeof root.inst.onPageShow === 'function') {
      enterPhase(root, 'lifecycle');
      try {
        root.inst.onPageShow();
      } finally {
        leavePhase();
      }
      flush();
    }
    return new UI(root);
  }

  for (const cls of [Queries, UINode, UI, StateBox, Ref, Resource, LocalStorage, Chain]) {
    freeze(cls.prototype);
    freeze(cls);
  }

  const runtime = freeze({
    __proto__: null,
    __esModule: true,
    c,
    ifElse,
    br,
    forEach,
    lazyForEach,
    struct,
    styles,
    observed,
    ref,
    g,
  });

  const testAPI = create(null);
  testAPI.__esModule = true;
  testAPI.render = render;
  testAPI.state = state;
  const gk = objectKeys(g);
  for (let i = 0; i < gk.length; i++) testAPI[gk[i]] = g[gk[i]];
  freeze(testAPI);

  return freeze({ __proto__: null, runtime, test: testAPI });
});
