/**
 * The benches' command lines: takes `NAME VALUE` out of `args`, so that what is left is the
 * positional arguments, and gives the value as written (`fallback` when the option is absent).
 */
export function takeOption(args, name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
}
