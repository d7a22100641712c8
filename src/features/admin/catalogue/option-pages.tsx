// /admin/option-groups: groups and their options.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { formRoute } from '../../../web/form-route.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { GroupForm, groupMessages, groupToValues, OptionForm, optionMessages, optionToValues, parseGroup, parseOption } from './option-form.js';
import { createGroup, createOption, updateGroup, updateOption } from './option-service.js';
import { GroupFormPage, GroupListPage, GroupPage, OptionFormPage } from './option-views.js';
import { getOption, getOptionGroup, listOptionGroups } from './queries.js';
import { success } from '../../../web/message.js';

type GroupParams = { Params: { id: string } };
type OptionParams = { Params: { id: string; optionId: string } };

export async function adminOptionPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  const group = (id: string) => getOptionGroup(db, idParam(id, 'Option group'));

  app.get('/admin/option-groups', async (request, reply) => {
    const [ctx, groups] = await Promise.all([pageContext(deps, request, reply), listOptionGroups(db)]);
    return sendPage(reply, <GroupListPage ctx={ctx} groups={groups} />);
  });

  app.get('/admin/option-groups/new', async (request, reply) => sendPage(reply, <GroupFormPage ctx={await pageContext(deps, request, reply)} values={{}} />));

  app.post(
    '/admin/option-groups',
    formRoute({
      schema: GroupForm,
      messages: groupMessages,
      async action(form, request) {
        const input = parseGroup(form);
        const id = await createGroup(db, requireAdmin(request).id, input);
        return { redirect: `/admin/option-groups/${id}`, flash: success(`Created ${input.name}. Add its options below.`) };
      },
      invalid: async (request, reply, { values, partial, errors }) => (
        <GroupFormPage ctx={await pageContext(deps, request, reply)} values={{ ...values, required: partial.required ?? false }} errors={errors} />
      ),
    }),
  );

  app.get<GroupParams>('/admin/option-groups/:id', async (request, reply) => {
    const g = await group(request.params.id);
    return sendPage(reply, <GroupPage ctx={await pageContext(deps, request, reply)} group={g} values={groupToValues(g)} />);
  });

  app.post<GroupParams>(
    '/admin/option-groups/:id',
    formRoute({
      schema: GroupForm,
      messages: groupMessages,
      async action(form, request) {
        const g = await group(request.params.id);
        const input = parseGroup(form);
        await updateGroup(db, requireAdmin(request).id, g.id, input);
        return { redirect: `/admin/option-groups/${g.id}`, flash: success(`Saved ${input.name}.`) };
      },
      async invalid(request, reply, { values, partial, errors }) {
        const g = await group(request.params.id);
        const shown = { ...groupToValues(g), ...values, required: partial.required ?? false };
        return <GroupPage ctx={await pageContext(deps, request, reply)} group={g} values={shown} errors={errors} />;
      },
    }),
  );

  app.get<GroupParams>('/admin/option-groups/:id/options/new', async (request, reply) => {
    const g = await group(request.params.id);
    return sendPage(reply, <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} values={{}} />);
  });

  app.post<GroupParams>(
    '/admin/option-groups/:id/options',
    formRoute({
      schema: OptionForm,
      messages: optionMessages,
      async action(form, request) {
        const g = await group(request.params.id);
        const input = parseOption(form);
        await createOption(db, requireAdmin(request).id, g.id, input);
        return { redirect: `/admin/option-groups/${g.id}`, flash: success(`Added ${input.name}. It is available at every store.`) };
      },
      async invalid(request, reply, { values, lists, partial, errors }) {
        const g = await group(request.params.id);
        const shown = { ...values, isDefault: partial.isDefault ?? false, allergens: lists['allergens'] ?? [] };
        return <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} values={shown} errors={errors} />;
      },
    }),
  );

  app.get<OptionParams>('/admin/option-groups/:id/options/:optionId/edit', async (request, reply) => {
    const g = await group(request.params.id);
    const option = await getOption(db, g.id, idParam(request.params.optionId, 'Option'));
    return sendPage(reply, <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} optionId={option.id} values={optionToValues(option)} />);
  });

  app.post<OptionParams>(
    '/admin/option-groups/:id/options/:optionId',
    formRoute({
      schema: OptionForm,
      messages: optionMessages,
      async action(form, request) {
        const g = await group(request.params.id);
        const option = await getOption(db, g.id, idParam(request.params.optionId, 'Option'));
        const input = parseOption(form);
        await updateOption(db, requireAdmin(request).id, g.id, option.id, input);
        return { redirect: `/admin/option-groups/${g.id}`, flash: success(`Saved ${input.name}.`) };
      },
      async invalid(request, reply, { values, lists, partial, errors }) {
        const g = await group(request.params.id);
        const option = await getOption(db, g.id, idParam(request.params.optionId, 'Option'));
        const shown = { ...values, isDefault: partial.isDefault ?? false, allergens: lists['allergens'] ?? [] };
        return <OptionFormPage ctx={await pageContext(deps, request, reply)} group={g} optionId={option.id} values={shown} errors={errors} />;
      },
    }),
  );
}
